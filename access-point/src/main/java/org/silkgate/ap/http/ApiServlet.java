package org.silkgate.ap.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.InvalidDocument;
import org.silkgate.ap.outbound.SendAttempts;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmissionRefused;
import org.silkgate.ap.outbound.SubmitPipeline;
import org.silkgate.validation.Language;

/**
 * The back-office API under {@code /api/v1}:
 * {@code POST /outbound[?sender=&receiver=]} (UBL or SBDH body; 202 with the message id, or 400 with the validation
 * report and nothing queued), {@code GET /messages/{id}}, {@code GET /messages?state=&participant=&since=&limit=},
 * {@code POST /messages/{id}/resend}.
 */
public final class ApiServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 50 * 1024 * 1024;
    private static final int DEFAULT_LIMIT = 100;

    private final transient SubmitPipeline submissions;
    private final transient SendAttempts sending;
    private final transient Journal journal;

    public ApiServlet(SubmitPipeline submissions, SendAttempts sending, Journal journal) {
        this.submissions = submissions;
        this.sending = sending;
        this.journal = journal;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.equals("/outbound")) {
            submit(request, response);
        } else if (path.startsWith("/messages/") && path.endsWith("/resend")) {
            resend(path.substring("/messages/".length(), path.length() - "/resend".length()), response);
        } else {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: POST /api/v1" + path);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.equals("/messages")) {
            list(request, response);
        } else if (path.startsWith("/messages/") && path.length() > "/messages/".length()) {
            List<MessageRecord> found = journal.find(path.substring("/messages/".length()));
            if (found.isEmpty()) {
                error(response, HttpServletResponse.SC_NOT_FOUND, "no message " + path.substring("/messages/".length()));
            } else {
                json(response, HttpServletResponse.SC_OK, toJson(found.get(0)));
            }
        } else {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: GET /api/v1" + path);
        }
    }

    private void submit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "documents are limited to " + MAX_BODY + " bytes");
            return;
        }
        if (body.length == 0) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "the request has no document");
            return;
        }
        Submission submission;
        try {
            submission = new Submission(body, parameter(request, "sender").map(ParticipantId::parse),
                    parameter(request, "receiver").map(ParticipantId::parse));
        } catch (IllegalArgumentException malformed) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad query: " + malformed.getMessage());
            return;
        }
        try {
            String id = submissions.submit(submission);
            ObjectNode accepted = JSON.createObjectNode().put("messageId", id);
            response.setHeader("Location", request.getContextPath() + "/api/v1/messages/" + id);
            json(response, HttpServletResponse.SC_ACCEPTED, accepted);
        } catch (InvalidDocument invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json;charset=UTF-8");
            response.getOutputStream().write(invalid.report().toJson(language(request)).getBytes(StandardCharsets.UTF_8));
        } catch (SubmissionRefused refused) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, refused.getMessage());
        }
    }

    private void resend(String id, HttpServletResponse response) throws IOException {
        try {
            sending.resend(id);
            json(response, HttpServletResponse.SC_ACCEPTED, JSON.createObjectNode().put("messageId", id));
        } catch (SendAttempts.UnknownMessage unknown) {
            error(response, HttpServletResponse.SC_NOT_FOUND, unknown.getMessage());
        } catch (IllegalStateException notFailed) {
            error(response, HttpServletResponse.SC_CONFLICT, notFailed.getMessage());
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<MessageState> state;
        Optional<Instant> since;
        Optional<ParticipantId> participant;
        int limit;
        try {
            state = parameter(request, "state").map(s -> MessageState.valueOf(s.toUpperCase(Locale.ROOT)));
            since = parameter(request, "since").map(Instant::parse);
            participant = parameter(request, "participant").map(ParticipantId::parse);
            limit = parameter(request, "limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad query: state is one of " + List.of(MessageState.values())
                    + ", since an ISO-8601 instant (2026-11-28T10:00:00Z), participant scheme::value or 9970:…, limit a "
                    + "number; " + e.getMessage());
            return;
        }
        ArrayNode list = JSON.createArrayNode();
        journal.list(state, participant, since, Math.max(1, Math.min(limit, 1000)))
                .forEach(r -> list.add(toJson(r)));
        json(response, HttpServletResponse.SC_OK, list);
    }

    static ObjectNode toJson(MessageRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("messageId", record.messageId());
        node.put("direction", record.direction().name());
        node.put("state", record.state().name());
        record.reason().ifPresent(r -> node.put("reason", r));
        record.envelope().fields().forEach(node::put);
        record.peerAp().ifPresent(p -> node.put("peerAccessPoint", p));
        node.put("documentSize", record.content().documentSize());
        node.put("sbdhSize", record.content().sbdhSize());
        node.put("sha256", record.content().sha256());
        node.put("attempts", record.attempts());
        record.nextAttemptAt().ifPresent(t -> node.put("nextAttemptAt", t.toString()));
        node.put("createdAt", record.createdAt().toString());
        node.put("updatedAt", record.updatedAt().toString());
        ArrayNode history = node.putArray("history");
        for (MessageRecord.StateChange change : record.history()) {
            ObjectNode entry = history.addObject().put("state", change.state().name()).put("at", change.at().toString());
            change.reason().ifPresent(r -> entry.put("reason", r));
        }
        return node;
    }

    private static Optional<String> parameter(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static Language language(HttpServletRequest request) {
        String wanted = parameter(request, "lang").orElse(Optional.ofNullable(request.getHeader("Accept-Language")).orElse("en"));
        String code = wanted.length() >= 2 ? wanted.substring(0, 2).toUpperCase(Locale.ROOT) : "EN";
        try {
            return Language.valueOf(code);
        } catch (IllegalArgumentException e) {
            return Language.EN;
        }
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        JSON.writerWithDefaultPrettyPrinter().writeValue(response.getOutputStream(), body);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, JSON.createObjectNode().put("error", message));
    }
}
