package org.silkgate.ap.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageSearch;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.InvalidDocument;
import org.silkgate.ap.outbound.SendAttempts;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmissionRefused;
import org.silkgate.ap.outbound.SubmitPipeline;
import org.silkgate.security.audit.AuditEntry;
import org.silkgate.security.audit.AuditVerification;
import org.silkgate.validation.Language;

/**
 * The back-office API under {@code /api/v1}, for API clients with a bearer token ({@code ./silkgate ap client add}):
 * {@code POST /outbound[?sender=&receiver=]} (UBL or SBDH body; 202 with the message id, 400 with the validation
 * report, 403 for a sender the client does not act for), {@code GET /messages/{id}},
 * {@code GET /messages?state=&participant=&since=&limit=}, {@code GET /messages/{id}/receipt|payload} (a client sees its
 * own participants' messages);
 * for operators also {@code POST /messages/{id}/resend} and {@code GET|POST /clients}, {@code DELETE /clients/{name}}.
 * A body over the limit gets 413 unread beyond it, and more concurrent submissions than allowed get 429. Long because
 * it is the whole API, resource by resource, so that it reads like the table in the module's README.
 */
public final class ApiServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_LIMIT = 100;

    private final transient SubmitPipeline submissions;
    private final transient SendAttempts sending;
    private final transient Journal journal;
    private final transient MessageFiles files;
    private final transient ApiClients clients;
    private final transient Authentication authentication;
    private final int maxBodyBytes;
    private final transient Semaphore submitting;

    /**
     * @param maxBodyBytes the largest submission read
     * @param maxConcurrentSubmissions submissions read at once: with the body limit, what the API may hold in memory
     */
    public ApiServlet(
            SubmitPipeline submissions,
            SendAttempts sending,
            Journal journal,
            MessageFiles files,
            ApiClients clients,
            int maxBodyBytes,
            int maxConcurrentSubmissions) {
        this.submissions = submissions;
        this.sending = sending;
        this.journal = journal;
        this.files = files;
        this.clients = clients;
        this.authentication = new Authentication(clients);
        this.maxBodyBytes = maxBodyBytes;
        this.submitting = new Semaphore(maxConcurrentSubmissions);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ApiClient> caller = authentication.caller(request, response);
        if (caller.isEmpty()) return;
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.equals("/outbound")) {
            submit(caller.get(), request, response);
        } else if (path.startsWith("/messages/") && path.endsWith("/resend")) {
            if (requireOperator(caller.get(), response)) {
                resend(
                        caller.get(),
                        path.substring("/messages/".length(), path.length() - "/resend".length()),
                        response);
            }
        } else if (path.equals("/clients")) {
            if (requireOperator(caller.get(), response)) addClient(caller.get(), request, response);
        } else {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: POST /api/v1" + path);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ApiClient> caller = authentication.caller(request, response);
        if (caller.isEmpty()) return;
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.equals("/messages")) {
            list(caller.get(), request, response);
        } else if (path.startsWith("/messages/") && (path.endsWith("/receipt") || path.endsWith("/payload"))) {
            download(caller.get(), path, response);
        } else if (path.startsWith("/messages/") && path.length() > "/messages/".length()) {
            String id = path.substring("/messages/".length());
            List<MessageRecord> found = journal.find(id);
            if (found.isEmpty()) {
                error(response, HttpServletResponse.SC_NOT_FOUND, "no message " + id);
            } else if (!sees(caller.get(), found.get(0))) {
                error(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "message " + id + " is not one of client "
                                + caller.get().name() + "'s participants'");
            } else {
                ObjectNode node = toJson(found.get(0));
                journal.mls(found.get(0).direction(), id)
                        .filter(mls -> !mls.isEmpty())
                        .ifPresent(mls -> addMls(node, mls));
                json(response, HttpServletResponse.SC_OK, node);
            }
        } else if (path.equals("/audit") || path.equals("/audit/verification")) {
            if (requireOperator(caller.get(), response)) audit(path, request, response);
        } else if (path.equals("/clients")) {
            if (requireOperator(caller.get(), response)) {
                ArrayNode list = JSON.createArrayNode();
                for (ApiClient client : clients.list()) list.add(toJson(client));
                json(response, HttpServletResponse.SC_OK, list);
            }
        } else {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: GET /api/v1" + path);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ApiClient> caller = authentication.caller(request, response);
        if (caller.isEmpty()) return;
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.startsWith("/clients/") && requireOperator(caller.get(), response)) {
            String name = path.substring("/clients/".length());
            if (clients.remove(name, caller.get().actor())) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                error(response, HttpServletResponse.SC_NOT_FOUND, "no API client " + name);
            }
        } else if (!path.startsWith("/clients/")) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: DELETE /api/v1" + path);
        }
    }

    /**
     * {@code GET /messages/{id}/receipt} (the signed AS4 receipt of a sent message, the non-repudiation evidence) and
     * {@code GET /messages/{id}/payload} (the SBDH as sent, or the document as received), as the console offers them.
     */
    private void download(ApiClient caller, String path, HttpServletResponse response) throws IOException {
        boolean receipt = path.endsWith("/receipt");
        String id = path.substring("/messages/".length(), path.lastIndexOf('/'));
        List<MessageRecord> found = journal.find(id);
        if (found.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no message " + id);
            return;
        }
        MessageRecord record = found.get(0);
        if (!sees(caller, record)) {
            error(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "message " + id + " is not one of client " + caller.name() + "'s participants'");
            return;
        }
        Optional<byte[]> content = receipt
                ? files.receipt(id)
                : files.hasPayload(record.direction(), id)
                        ? Optional.of(files.payload(record.direction(), id))
                        : Optional.empty();
        if (content.isEmpty()) {
            error(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    receipt
                            ? "message " + id + " has no receipt (only sent messages have one)"
                            : "no payload of " + id);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/xml");
        response.getOutputStream().write(content.get());
    }

    private static boolean sees(ApiClient client, MessageRecord record) {
        return client.actsFor(record.envelope().sender())
                || client.actsFor(record.envelope().receiver());
    }

    private static boolean requireOperator(ApiClient caller, HttpServletResponse response) throws IOException {
        if (caller.operator()) return true;
        error(response, HttpServletResponse.SC_FORBIDDEN, "only an operator of this access point may do that");
        return false;
    }

    private void submit(ApiClient caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            error(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "documents are limited to " + maxBodyBytes + " bytes");
            return;
        }
        if (!submitting.tryAcquire()) {
            response.setHeader("Retry-After", "1");
            error(response, 429, "too many submissions at once; try again in a second");
            return;
        }
        try {
            submitWithin(caller, request, response);
        } finally {
            submitting.release();
        }
    }

    private void submitWithin(ApiClient caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            error(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "documents are limited to " + maxBodyBytes + " bytes");
            return;
        }
        if (body.length == 0) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "the request has no document");
            return;
        }
        Submission submission;
        try {
            submission = Submission.from(
                    caller,
                    body,
                    parameter(request, "sender").map(ParticipantId::parse),
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
            response.getOutputStream()
                    .write(invalid.report().toJson(language(request)).getBytes(StandardCharsets.UTF_8));
        } catch (SubmissionRefused.Forbidden forbidden) {
            error(response, HttpServletResponse.SC_FORBIDDEN, forbidden.getMessage());
        } catch (SubmissionRefused refused) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, refused.getMessage());
        }
    }

    private void resend(ApiClient operator, String id, HttpServletResponse response) throws IOException {
        try {
            sending.resend(id, operator.actor());
            json(
                    response,
                    HttpServletResponse.SC_ACCEPTED,
                    JSON.createObjectNode().put("messageId", id));
        } catch (SendAttempts.UnknownMessage unknown) {
            error(response, HttpServletResponse.SC_NOT_FOUND, unknown.getMessage());
        } catch (IllegalStateException notFailed) {
            error(response, HttpServletResponse.SC_CONFLICT, notFailed.getMessage());
        }
    }

    private void addClient(ApiClient operator, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ApiClient client;
        try {
            JsonNode body = JSON.readTree(request.getInputStream().readNBytes(64 * 1024));
            Set<ParticipantId> participants = new java.util.LinkedHashSet<>();
            body.path("participants").forEach(p -> participants.add(ParticipantId.parse(p.asText())));
            client = new ApiClient(
                    body.path("name").asText(null),
                    participants,
                    body.path("operator").asBoolean(false));
        } catch (IOException | IllegalArgumentException e) {
            error(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "a client is {\"name\": …, \"participants\": [\"9970:…\"], " + "\"operator\": false}: "
                            + e.getMessage());
            return;
        }
        try {
            String token = clients.add(client, operator.actor());
            json(response, HttpServletResponse.SC_CREATED, toJson(client).put("token", token));
        } catch (IllegalArgumentException taken) {
            error(response, HttpServletResponse.SC_CONFLICT, taken.getMessage());
        }
    }

    private static ObjectNode toJson(ApiClient client) {
        ObjectNode node = JSON.createObjectNode().put("name", client.name()).put("operator", client.operator());
        ArrayNode participants = node.putArray("participants");
        client.participants().stream().map(ParticipantId::uri).sorted().forEach(participants::add);
        return node;
    }

    /**
     * The audit log as the console shows it: {@code /audit?from=SEQ&limit=N} a page of entries from {@code from}
     * (default: the newest {@code limit}), {@code /audit/verification} the walk of the hash chain.
     */
    private void audit(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (path.equals("/audit/verification")) {
                AuditVerification result = journal.audit().verify();
                ObjectNode node =
                        JSON.createObjectNode().put("intact", result.intact()).put("report", result.report());
                if (result instanceof AuditVerification.Intact intact) {
                    node.put("entries", intact.count()).put("lastHash", intact.lastHash());
                } else if (result instanceof AuditVerification.Broken broken) {
                    node.put("brokenAt", broken.seq())
                            .put("problem", broken.problem().name());
                }
                json(response, HttpServletResponse.SC_OK, node);
                return;
            }
            int limit;
            Optional<Long> from;
            try {
                limit = Math.max(
                        1,
                        Math.min(
                                parameter(request, "limit")
                                        .map(Integer::parseInt)
                                        .orElse(DEFAULT_LIMIT),
                                1000));
                from = parameter(request, "from").map(Long::parseLong);
            } catch (NumberFormatException e) {
                error(
                        response,
                        HttpServletResponse.SC_BAD_REQUEST,
                        "bad query: from and limit are numbers; " + e.getMessage());
                return;
            }
            long first = from.orElse(Math.max(1, journal.audit().lastSeq() - limit + 1));
            ArrayNode list = JSON.createArrayNode();
            for (AuditEntry entry : journal.audit().entries(first, limit)) {
                ObjectNode node = list.addObject()
                        .put("seq", entry.seq())
                        .put("time", entry.time().toString())
                        .put("actor", entry.actor())
                        .put("action", entry.action())
                        .put("subject", entry.subject())
                        .put("hash", entry.hash());
                if (entry.detail() != null) node.put("detail", entry.detail());
                if (entry.clientAddress() != null) node.put("clientAddress", entry.clientAddress());
            }
            json(response, HttpServletResponse.SC_OK, list);
        } catch (java.sql.SQLException e) {
            error(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the audit log cannot be read: " + e.getMessage());
        }
    }

    /**
     * The journal as the console searches it: by direction, state, participant, document type (a part of its
     * identifier) and time, newest first, a page at a time; a client sees only its participants' messages.
     */
    private void list(ApiClient caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Direction> direction;
        Optional<MessageState> state;
        Optional<Instant> since;
        Optional<Instant> until;
        Optional<ParticipantId> participant;
        int limit;
        int offset;
        try {
            direction = parameter(request, "direction").map(d -> Direction.valueOf(d.toUpperCase(Locale.ROOT)));
            state = parameter(request, "state").map(s -> MessageState.valueOf(s.toUpperCase(Locale.ROOT)));
            since = parameter(request, "since").map(Instant::parse);
            until = parameter(request, "until").map(Instant::parse);
            participant = parameter(request, "participant").map(ParticipantId::parse);
            limit = parameter(request, "limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
            offset = parameter(request, "offset").map(Integer::parseInt).orElse(0);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "bad query: direction is INBOUND or OUTBOUND, state one of " + List.of(MessageState.values())
                            + ", since and until ISO-8601 instants (2026-11-28T10:00:00Z), participant scheme::value"
                            + " or 9970:…, limit and offset numbers; " + e.getMessage());
            return;
        }
        if (participant.isPresent() && !caller.actsFor(participant.get())) {
            error(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "client " + caller.name() + " does not act for " + participant.get());
            return;
        }
        Set<ParticipantId> visible =
                participant.map(Set::of).orElse(caller.operator() ? Set.of() : caller.participants());
        MessageSearch search =
                new MessageSearch(direction, state, visible, parameter(request, "documentType"), since, until);
        ArrayNode list = JSON.createArrayNode();
        journal.search(search, Math.max(0, offset), Math.max(1, Math.min(limit, 1000)))
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
            ObjectNode entry = history.addObject()
                    .put("state", change.state().name())
                    .put("at", change.at().toString());
            change.reason().ifPresent(r -> entry.put("reason", r));
        }
        return node;
    }

    /** The Message Level Status: asked for (a received message), come back (a sent one), or unmatched (an MLS). */
    private static void addMls(ObjectNode node, Journal.MlsLink mls) {
        ObjectNode out = node.putObject("mls");
        mls.request()
                .ifPresent(request -> out.put("to", request.mlsTo().uri())
                        .put("type", request.type().name()));
        mls.status().ifPresent(status -> out.put("status", status));
        mls.mlsMessageId().ifPresent(id -> out.put("messageId", id));
        mls.detail().ifPresent(detail -> out.put("detail", detail));
    }

    private static Optional<String> parameter(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    private static Language language(HttpServletRequest request) {
        String wanted = parameter(request, "lang")
                .orElse(Optional.ofNullable(request.getHeader("Accept-Language"))
                        .orElse("en"));
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
