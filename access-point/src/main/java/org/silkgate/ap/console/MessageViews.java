package org.silkgate.ap.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageSearch;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.SendAttempts;
import org.silkgate.console.ConsolePage;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.Html;
import org.silkgate.validation.Finding;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;

/** The message search, a message's detail with its timeline and files, and resend with its confirmation. */
final class MessageViews {
    static final int PAGE_SIZE = 25;

    private MessageViews() {}

    /** {@code Tender-2::Tender} of a long document type identifier: what an operator recognises at a glance. */
    static String shortDocumentType(String documentType) {
        String withoutCustomization = documentType.split("##", 2)[0];
        int xsd = withoutCustomization.lastIndexOf(':', withoutCustomization.lastIndexOf("::") - 1);
        return xsd >= 0 ? withoutCustomization.substring(xsd + 1) : withoutCustomization;
    }

    static void list(
            ConsoleText text,
            ConsolePage page,
            ConsoleServlet.Request query,
            ConsoleActions actions,
            HttpServletResponse response)
            throws IOException {
        List<String> errors = new ArrayList<>();
        Optional<MessageState> state = query.parameter("state").flatMap(s -> {
            try {
                return Optional.of(MessageState.valueOf(s));
            } catch (IllegalArgumentException e) {
                errors.add(text.format("search.badState", s));
                return Optional.empty();
            }
        });
        Optional<ParticipantId> participant = query.parameter("participant").flatMap(p -> {
            try {
                return Optional.of(ParticipantId.parse(p));
            } catch (IllegalArgumentException e) {
                errors.add(text.format("search.badParticipant", p));
                return Optional.empty();
            }
        });
        Optional<Instant> from = time(query, "from", text, errors);
        Optional<Instant> until = time(query, "until", text, errors);
        int pageNumber = query.parameter("page")
                .map(p -> {
                    try {
                        return Math.max(1, Integer.parseInt(p));
                    } catch (NumberFormatException e) {
                        return 1;
                    }
                })
                .orElse(1);
        MessageSearch search = new MessageSearch(
                query.direction(),
                state,
                participant.map(Set::of).orElse(Set.of()),
                query.parameter("type"),
                from,
                until);

        StringBuilder body = new StringBuilder();
        body.append("<form method=\"get\" action=\"/console/messages\" class=\"search\">");
        select(
                body,
                text,
                "direction",
                "search.direction",
                query.parameter("direction"),
                List.of(Direction.OUTBOUND.name(), Direction.INBOUND.name()),
                "direction.");
        List<String> states = new ArrayList<>();
        for (MessageState s : MessageState.values()) states.add(s.name());
        select(body, text, "state", "search.state", query.parameter("state"), states, "state.");
        input(
                body,
                text,
                "participant",
                "search.participant",
                "text",
                query.parameter("participant"),
                "9972:204493002");
        input(body, text, "type", "search.documentType", "text", query.parameter("type"), "Tender");
        input(body, text, "from", "search.from", "datetime-local", query.parameter("from"), "");
        input(body, text, "until", "search.until", "datetime-local", query.parameter("until"), "");
        body.append("<button type=\"submit\" id=\"search\">")
                .append(Html.escape(text.get("search.submit")))
                .append("</button></form>");
        if (!errors.isEmpty()) {
            body.append("<ul class=\"error\" role=\"alert\" id=\"search-errors\">");
            errors.forEach(e -> body.append("<li>").append(Html.escape(e)).append("</li>"));
            body.append("</ul>");
            ConsoleServlet.html(
                    response, HttpServletResponse.SC_BAD_REQUEST, page.render("messages.title", body.toString()));
            return;
        }

        List<MessageRecord> found = actions.search(search, (pageNumber - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        boolean more = found.size() > PAGE_SIZE;
        List<MessageRecord> shown = more ? found.subList(0, PAGE_SIZE) : found;
        if (shown.isEmpty()) {
            body.append("<p id=\"no-messages\">")
                    .append(Html.escape(text.get("search.none")))
                    .append("</p>");
        } else {
            body.append("<form method=\"post\" action=\"/console/resend/confirm\">")
                    .append(ConsolePage.csrfField(page.csrfToken().orElseThrow()))
                    .append("<div class=\"scroll\"><table id=\"messages\"><thead><tr><th scope=\"col\">")
                    .append(Html.escape(text.get("search.select")))
                    .append("</th>");
            for (String column : List.of(
                    "message.createdAt",
                    "message.direction",
                    "message.state",
                    "message.documentType",
                    "message.sender",
                    "message.receiver",
                    "message.id")) {
                body.append("<th scope=\"col\">")
                        .append(Html.escape(text.get(column)))
                        .append("</th>");
            }
            body.append("</tr></thead><tbody>");
            for (MessageRecord record : shown) {
                body.append("<tr><td>");
                if (record.direction() == Direction.OUTBOUND && record.state() == MessageState.FAILED) {
                    String box = "select-" + record.messageId();
                    body.append("<input type=\"checkbox\" name=\"id\" value=\"")
                            .append(Html.escape(record.messageId()))
                            .append("\" id=\"")
                            .append(Html.escape(box))
                            .append("\"><label class=\"visually-hidden\" for=\"")
                            .append(Html.escape(box))
                            .append("\">")
                            .append(Html.escape(text.format("search.selectOne", record.messageId())))
                            .append("</label>");
                }
                body.append("</td><td>")
                        .append(Html.escape(text.dateTime(record.createdAt())))
                        .append("</td><td>")
                        .append(Html.escape(text.get("direction." + record.direction())))
                        .append("</td><td class=\"state ")
                        .append(record.state().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\">")
                        .append(Html.escape(text.get("state." + record.state())))
                        .append("</td><td title=\"")
                        .append(Html.escape(record.envelope().documentType().uri()))
                        .append("\">")
                        .append(Html.escape(shortDocumentType(
                                record.envelope().documentType().uri())))
                        .append("</td><td>")
                        .append(Html.escape(record.envelope().sender().uri()))
                        .append("</td><td>")
                        .append(Html.escape(record.envelope().receiver().uri()))
                        .append("</td><td><a class=\"message-link\" href=\"")
                        .append(detailLink(record.direction(), record.messageId()))
                        .append("\">")
                        .append(Html.escape(record.messageId()))
                        .append("</a></td></tr>");
            }
            body.append("</tbody></table></div><button type=\"submit\" id=\"resend-selected\">")
                    .append(Html.escape(text.get("resend.selected")))
                    .append("</button></form>");
        }
        body.append("<nav class=\"pages\" aria-label=\"")
                .append(Html.escape(text.get("search.pages")))
                .append("\">");
        if (pageNumber > 1) {
            body.append("<a rel=\"prev\" href=\"")
                    .append(pageLink(query, pageNumber - 1))
                    .append("\">")
                    .append(Html.escape(text.get("search.newer")))
                    .append("</a>");
        }
        body.append("<span>")
                .append(Html.escape(text.format("search.page", pageNumber)))
                .append("</span>");
        if (more) {
            body.append("<a rel=\"next\" id=\"older\" href=\"")
                    .append(pageLink(query, pageNumber + 1))
                    .append("\">")
                    .append(Html.escape(text.get("search.older")))
                    .append("</a>");
        }
        body.append("</nav>");
        ConsoleServlet.html(response, 200, page.render("messages.title", body.toString()));
    }

    static String detailLink(Direction direction, String id) {
        return "/console/message?direction=" + direction + "&amp;id=" + Html.queryValue(id);
    }

    private static String pageLink(ConsoleServlet.Request query, int page) {
        StringBuilder link = new StringBuilder("/console/messages?page=").append(page);
        for (String name : List.of("direction", "state", "participant", "type", "from", "until")) {
            query.parameter(name)
                    .ifPresent(
                            v -> link.append("&amp;").append(name).append('=').append(Html.queryValue(v)));
        }
        return link.toString();
    }

    /** A {@code datetime-local} value, read as UTC (the labels say so). */
    private static Optional<Instant> time(
            ConsoleServlet.Request query, String name, ConsoleText text, List<String> errors) {
        return query.parameter(name).flatMap(value -> {
            try {
                return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                errors.add(text.format("search.badTime", text.get("search." + name), value));
                return Optional.empty();
            }
        });
    }

    private static void select(
            StringBuilder body,
            ConsoleText text,
            String name,
            String labelKey,
            Optional<String> chosen,
            List<String> values,
            String valueKeyPrefix) {
        body.append("<div class=\"field\"><label for=\"")
                .append(name)
                .append("\">")
                .append(Html.escape(text.get(labelKey)))
                .append("</label><select id=\"")
                .append(name)
                .append("\" name=\"")
                .append(name)
                .append("\"><option value=\"\">")
                .append(Html.escape(text.get("search.any")))
                .append("</option>");
        for (String value : values) {
            body.append("<option value=\"")
                    .append(Html.escape(value))
                    .append('"')
                    .append(chosen.filter(value::equals).isPresent() ? " selected" : "")
                    .append('>')
                    .append(Html.escape(text.get(valueKeyPrefix + value)))
                    .append("</option>");
        }
        body.append("</select></div>");
    }

    private static void input(
            StringBuilder body,
            ConsoleText text,
            String name,
            String labelKey,
            String type,
            Optional<String> value,
            String placeholder) {
        body.append("<div class=\"field\"><label for=\"")
                .append(name)
                .append("\">")
                .append(Html.escape(text.get(labelKey)))
                .append("</label><input id=\"")
                .append(name)
                .append("\" name=\"")
                .append(name)
                .append("\" type=\"")
                .append(type)
                .append("\" value=\"")
                .append(Html.escape(value.orElse("")))
                .append('"')
                .append(placeholder.isEmpty() ? "" : " placeholder=\"" + Html.escape(placeholder) + "\"")
                .append("></div>");
    }

    static void detail(
            ConsoleText text,
            ConsolePage page,
            ConsoleServlet.Request query,
            ConsoleActions actions,
            HttpServletResponse response)
            throws IOException {
        Optional<Direction> direction = query.direction();
        Optional<String> id = query.parameter("id");
        Optional<MessageRecord> found =
                direction.isPresent() && id.isPresent() ? actions.message(direction.get(), id.get()) : Optional.empty();
        if (found.isEmpty()) {
            ConsoleServlet.html(
                    response,
                    404,
                    page.render(
                            "message.title",
                            "<p class=\"error\" role=\"alert\">"
                                    + Html.escape(text.format("message.unknown", id.orElse("")))
                                    + "</p>"));
            return;
        }
        MessageRecord record = found.get();
        StringBuilder body = new StringBuilder();
        body.append("<dl class=\"facts\">");
        fact(body, text, "message.id", "message-id", record.messageId());
        fact(body, text, "message.sbdhId", "sbdh-id", record.envelope().instanceIdentifier());
        fact(body, text, "message.direction", "direction", text.get("direction." + record.direction()));
        fact(body, text, "message.state", "state", text.get("state." + record.state()));
        record.reason().ifPresent(r -> fact(body, text, "message.reason", "reason", r));
        fact(body, text, "message.sender", "sender", record.envelope().sender().uri());
        fact(
                body,
                text,
                "message.receiver",
                "receiver",
                record.envelope().receiver().uri());
        fact(
                body,
                text,
                "message.documentType",
                "document-type",
                record.envelope().documentType().uri());
        fact(
                body,
                text,
                "message.process",
                "process",
                record.envelope().process().uri());
        fact(body, text, "message.peerAp", "peer-ap", record.peerAp().orElse("—"));
        fact(
                body,
                text,
                "message.documentSize",
                "document-size",
                text.number(record.content().documentSize()));
        fact(
                body,
                text,
                "message.sbdhSize",
                "sbdh-size",
                text.number(record.content().sbdhSize()));
        fact(body, text, "message.sha256", "sha256", record.content().sha256());
        fact(body, text, "message.attempts", "attempts", text.number(record.attempts()));
        record.nextAttemptAt()
                .ifPresent(t -> fact(body, text, "message.nextAttempt", "next-attempt", text.dateTime(t)));
        actions.mls(record.direction(), record.messageId())
                .ifPresent(mls -> fact(body, text, "message.mls", "mls", mls(mls)));
        body.append("</dl>");

        body.append("<h2>")
                .append(Html.escape(text.get("message.timeline")))
                .append("</h2><ol class=\"timeline\" id=\"timeline\">");
        for (MessageRecord.StateChange change : record.history()) {
            body.append("<li><time datetime=\"")
                    .append(change.at())
                    .append("\">")
                    .append(Html.escape(text.dateTime(change.at())))
                    .append("</time> <strong class=\"state ")
                    .append(change.state().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\">")
                    .append(Html.escape(text.get("state." + change.state())))
                    .append("</strong>");
            change.reason()
                    .ifPresent(r -> body.append(" — <span class=\"reason\">")
                            .append(Html.escape(r))
                            .append("</span>"));
            body.append("</li>");
        }
        body.append("</ol>");

        body.append("<h2>").append(Html.escape(text.get("message.files"))).append("</h2><ul class=\"plain\">");
        String idParameter = Html.queryValue(record.messageId());
        body.append("<li><a id=\"payload\" href=\"/console/message/payload?direction=")
                .append(record.direction())
                .append("&amp;id=")
                .append(idParameter)
                .append("\">")
                .append(Html.escape(text.get("message.payload")))
                .append("</a></li>");
        if (record.direction() == Direction.OUTBOUND
                && actions.receipt(record.messageId()).isPresent()) {
            body.append("<li><a id=\"receipt\" href=\"/console/message/receipt?id=")
                    .append(idParameter)
                    .append("\">")
                    .append(Html.escape(text.get("message.receipt")))
                    .append("</a></li>");
        }
        body.append("</ul>");

        body.append("<h2>").append(Html.escape(text.get("message.validation"))).append("</h2>");
        Optional<ValidationReport> report = actions.validationReport(record.direction(), record.messageId());
        if (report.isPresent()) {
            Language language = Language.parse(text.language());
            body.append("<div class=\"scroll\"><table id=\"validation-report\"><thead><tr>");
            for (String column :
                    List.of("validation.severity", "validation.rule", "validation.message", "validation.where")) {
                body.append("<th scope=\"col\">")
                        .append(Html.escape(text.get(column)))
                        .append("</th>");
            }
            body.append("</tr></thead><tbody>");
            for (Finding finding : report.get().findings()) {
                body.append("<tr><td>")
                        .append(Html.escape(finding.severity()))
                        .append("</td><td>")
                        .append(Html.escape(finding.ruleId()))
                        .append("</td><td>")
                        .append(Html.escape(finding.message(language)))
                        .append("</td><td>")
                        .append(Html.escape(finding.location()))
                        .append(finding.line() > 0 ? " (" + finding.line() + ":" + finding.column() + ")" : "")
                        .append("</td></tr>");
            }
            body.append("</tbody></table></div>");
        } else {
            body.append("<p id=\"validation-report\">")
                    .append(Html.escape(text.get(
                            record.direction() == Direction.OUTBOUND
                                    ? "message.validOutbound"
                                    : "message.validInbound")))
                    .append("</p>");
        }

        if (record.direction() == Direction.OUTBOUND && record.state() == MessageState.FAILED) {
            body.append("<form method=\"post\" action=\"/console/resend/confirm\">")
                    .append(ConsolePage.csrfField(page.csrfToken().orElseThrow()))
                    .append("<input type=\"hidden\" name=\"id\" value=\"")
                    .append(Html.escape(record.messageId()))
                    .append("\"><button type=\"submit\" id=\"resend\">")
                    .append(Html.escape(text.get("resend.one")))
                    .append("</button></form>");
        }
        ConsoleServlet.html(response, 200, page.render("message.title", body.toString()));
    }

    private static String mls(Journal.MlsLink link) {
        StringBuilder out = new StringBuilder();
        link.status().ifPresent(out::append);
        link.request()
                .ifPresent(r -> out.append(out.length() > 0 ? "; " : "")
                        .append(r.type())
                        .append(" → ")
                        .append(r.mlsTo().uri()));
        link.mlsMessageId().ifPresent(id -> out.append(" (").append(id).append(')'));
        return out.toString();
    }

    private static void fact(StringBuilder body, ConsoleText text, String key, String id, String value) {
        body.append("<dt>")
                .append(Html.escape(text.get(key)))
                .append("</dt><dd id=\"")
                .append(id)
                .append("\">")
                .append(Html.escape(value))
                .append("</dd>");
    }

    static void receipt(ConsoleServlet.Request query, ConsoleActions actions, HttpServletResponse response)
            throws IOException {
        Optional<byte[]> receipt = query.parameter("id").flatMap(actions::receipt);
        download(response, receipt, query.parameter("id").orElse("") + "-receipt.xml");
    }

    static void payload(ConsoleServlet.Request query, ConsoleActions actions, HttpServletResponse response)
            throws IOException {
        Optional<byte[]> payload = query.direction().isPresent()
                        && query.parameter("id").isPresent()
                ? actions.payload(query.direction().get(), query.parameter("id").get())
                : Optional.empty();
        download(response, payload, query.parameter("id").orElse("") + ".xml");
    }

    private static void download(HttpServletResponse response, Optional<byte[]> content, String fileName)
            throws IOException {
        if (content.isEmpty()) {
            response.sendError(404, "no such file");
            return;
        }
        response.setContentType("application/xml");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"" + org.silkgate.ap.journal.MessageFiles.fileName(fileName) + "\"");
        response.getOutputStream().write(content.get());
    }

    static void confirmResend(
            ConsoleText text, ConsolePage page, ConsoleServlet.Request form, HttpServletResponse response)
            throws IOException {
        List<String> ids = form.parameters("id");
        StringBuilder body = new StringBuilder();
        if (ids.isEmpty()) {
            body.append("<p class=\"error\" role=\"alert\">")
                    .append(Html.escape(text.get("resend.noneSelected")))
                    .append("</p>");
            ConsoleServlet.html(response, 400, page.render("resend.title", body.toString()));
            return;
        }
        body.append("<p id=\"confirm-question\">")
                .append(Html.escape(text.format("resend.question", ids.size())))
                .append("</p><ul class=\"plain\">");
        ids.forEach(id -> body.append("<li>").append(Html.escape(id)).append("</li>"));
        body.append("</ul><form method=\"post\" action=\"/console/resend\">")
                .append(ConsolePage.csrfField(page.csrfToken().orElseThrow()));
        ids.forEach(id -> body.append("<input type=\"hidden\" name=\"id\" value=\"")
                .append(Html.escape(id))
                .append("\">"));
        body.append("<button type=\"submit\" id=\"confirm-resend\">")
                .append(Html.escape(text.get("resend.confirm")))
                .append("</button> <a href=\"/console/messages?direction=OUTBOUND&amp;state=FAILED\">")
                .append(Html.escape(text.get("resend.cancel")))
                .append("</a></form>");
        ConsoleServlet.html(response, 200, page.render("resend.title", body.toString()));
    }

    static void resend(
            ConsoleText text,
            ConsolePage page,
            ConsoleServlet.Request form,
            ConsoleActions actions,
            String actor,
            HttpServletResponse response)
            throws IOException {
        List<String> ids = form.parameters("id");
        StringBuilder body = new StringBuilder("<ul class=\"plain\" id=\"resend-results\">");
        for (String id : ids) {
            body.append("<li>");
            try {
                actions.resend(id, actor);
                body.append(Html.escape(text.format("resend.done", id)));
            } catch (SendAttempts.UnknownMessage unknown) {
                body.append("<span class=\"error\">")
                        .append(Html.escape(text.format("resend.unknown", id)))
                        .append("</span>");
            } catch (IllegalStateException notFailed) {
                body.append("<span class=\"error\">")
                        .append(Html.escape(notFailed.getMessage()))
                        .append("</span>");
            }
            body.append(" <a href=\"")
                    .append(detailLink(Direction.OUTBOUND, id))
                    .append("\">")
                    .append(Html.escape(text.get("resend.open")))
                    .append("</a></li>");
        }
        body.append("</ul>");
        ConsoleServlet.html(response, 200, page.render("resend.title", body.toString()));
    }
}
