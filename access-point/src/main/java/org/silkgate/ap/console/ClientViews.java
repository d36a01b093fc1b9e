package org.silkgate.ap.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.console.ConsolePage;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.Html;

/** The API clients: list, create (the token shown once, on the page that created it) and revoke. */
final class ClientViews {
    private ClientViews() {}

    /** @param notice what the last action did (a new token, an error), shown above the list */
    static String list(ConsoleText text, ConsolePage page, ConsoleActions actions, Optional<String> notice) {
        String csrf = ConsolePage.csrfField(page.csrfToken().orElseThrow());
        StringBuilder body = new StringBuilder();
        notice.ifPresent(body::append);
        body.append("<div class=\"scroll\"><table id=\"clients\"><thead><tr><th scope=\"col\">")
                .append(Html.escape(text.get("clients.name")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("clients.participants")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("clients.operator")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("clients.revoke")))
                .append("</th></tr></thead><tbody>");
        for (ApiClient client : actions.clients()) {
            body.append("<tr><td>")
                    .append(Html.escape(client.name()))
                    .append("</td><td>")
                    .append(Html.escape(String.join(
                            ", ",
                            client.participants().stream()
                                    .map(ParticipantId::uri)
                                    .sorted()
                                    .toList())))
                    .append("</td><td>")
                    .append(Html.escape(text.get(client.operator() ? "clients.yes" : "clients.no")))
                    .append("</td><td><form method=\"post\" action=\"/console/clients/revoke\">")
                    .append(csrf)
                    .append("<input type=\"hidden\" name=\"name\" value=\"")
                    .append(Html.escape(client.name()))
                    .append("\"><button type=\"submit\" id=\"revoke-")
                    .append(Html.escape(client.name()))
                    .append("\">")
                    .append(Html.escape(text.format("clients.revokeOne", client.name())))
                    .append("</button></form></td></tr>");
        }
        body.append("</tbody></table></div><h2>")
                .append(Html.escape(text.get("clients.create")))
                .append("</h2><form method=\"post\" action=\"/console/clients\" class=\"search\">")
                .append(csrf)
                .append("<div class=\"field\"><label for=\"client-name\">")
                .append(Html.escape(text.get("clients.name")))
                .append(
                        "</label><input id=\"client-name\" name=\"name\" required pattern=\"[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}\">")
                .append("</div><div class=\"field\"><label for=\"client-participants\">")
                .append(Html.escape(text.get("clients.participantsHint")))
                .append(
                        "</label><input id=\"client-participants\" name=\"participants\" placeholder=\"9970:980540001256\">")
                .append(
                        "</div><div class=\"field check\"><input type=\"checkbox\" id=\"client-operator\" name=\"operator\" value=\"true\">")
                .append("<label for=\"client-operator\">")
                .append(Html.escape(text.get("clients.operator")))
                .append("</label></div><button type=\"submit\" id=\"create-client\">")
                .append(Html.escape(text.get("clients.createButton")))
                .append("</button></form>");
        return body.toString();
    }

    static void create(
            ConsoleText text,
            ConsolePage page,
            ConsoleServlet.Request form,
            ConsoleActions actions,
            String actor,
            HttpServletResponse response)
            throws IOException {
        String notice;
        int status = 200;
        try {
            Set<ParticipantId> participants = new LinkedHashSet<>();
            form.parameter("participants")
                    .ifPresent(list -> Arrays.stream(list.split("[,\\s]+"))
                            .filter(p -> !p.isBlank())
                            .map(ParticipantId::parse)
                            .forEach(participants::add));
            ApiClient client = new ApiClient(
                    form.parameter("name").orElse(""),
                    participants,
                    form.parameter("operator").isPresent());
            String token = actions.addClient(client, actor);
            notice = "<div class=\"notice\" role=\"status\"><p>"
                    + Html.escape(text.format("clients.created", client.name()))
                    + "</p><p><code id=\"new-token\">" + Html.escape(token) + "</code></p></div>";
        } catch (IllegalArgumentException refused) {
            status = 400;
            notice = "<p class=\"error\" role=\"alert\" id=\"client-error\">"
                    + Html.escape(text.format("clients.refused", refused.getMessage())) + "</p>";
        }
        ConsoleServlet.html(
                response, status, page.render("clients.title", list(text, page, actions, Optional.of(notice))));
    }

    static void revoke(
            ConsoleText text,
            ConsolePage page,
            ConsoleServlet.Request form,
            ConsoleActions actions,
            String actor,
            HttpServletResponse response)
            throws IOException {
        String name = form.parameter("name").orElse("");
        boolean removed = actions.removeClient(name, actor);
        String notice = removed
                ? "<p class=\"notice\" role=\"status\" id=\"client-revoked\">"
                        + Html.escape(text.format("clients.revoked", name)) + "</p>"
                : "<p class=\"error\" role=\"alert\">" + Html.escape(text.format("clients.unknown", name)) + "</p>";
        ConsoleServlet.html(
                response,
                removed ? 200 : 404,
                page.render("clients.title", list(text, page, actions, Optional.of(notice))));
    }
}
