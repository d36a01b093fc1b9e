package org.silkgate.smp.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.silkgate.console.ConsolePage;
import org.silkgate.console.ConsolePage.NavLink;
import org.silkgate.console.ConsoleSessions;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.Html;
import org.silkgate.console.OperatorConsoleServlet;
import org.silkgate.smp.http.BasicAuth;
import org.silkgate.smp.identifier.IdentifierException;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.registry.Endpoints;
import org.silkgate.smp.registry.Registry;
import org.silkgate.smp.store.DirectoryEntry;
import org.silkgate.smp.store.RegistryException;
import org.silkgate.smp.users.Operator;

/**
 * The SMP registry's operator console under {@code /console} on its HTTPS listener. Sign-in checks the password as the
 * write API's HTTP Basic does ({@link BasicAuth#signIn}: throttled, refusals audited); every page and form acts
 * through {@link Registry}, the service the REST write API calls, so validation, the identifier policy, ICD scopes
 * and ownership are the same. An operator sees and changes only the participants it registered.
 */
public final class SmpConsoleServlet extends OperatorConsoleServlet {
    public static final String SESSION_COOKIE = "__Host-silkgate-smp-console";
    public static final String SIGN_IN_COOKIE = "__Host-silkgate-smp-console-signin";
    static final String LANGUAGE_COOKIE = "silkgate-smp-console-lang";
    /** The SMP console's words: {@code smpconsole/text*.properties}. */
    public static final String TEXT_BUNDLE = "smpconsole.text";

    static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis";
    static final String DOCUMENT_SCHEME = "busdox-docid-qns";
    static final String PROCESS_SCHEME = "cenbii-procid-ubl";
    static final List<String> TRANSPORT_PROFILES = List.of("peppol-transport-as4-v2_0", "busdox-transport-as2-ver1p0");
    private static final int LIST_LIMIT = 200;

    private static final List<NavLink> NAVIGATION = List.of(
            new NavLink("/console/", "nav.participants"),
            new NavLink("/console/register", "nav.register"),
            new NavLink("/console/bulk", "nav.bulk"));

    private final transient Registry registry;
    private final transient BasicAuth auth;

    public SmpConsoleServlet(String brand, Registry registry, BasicAuth auth, ConsoleSessions sessions) {
        super(new Settings(brand, TEXT_BUNDLE, SESSION_COOKIE, SIGN_IN_COOKIE, LANGUAGE_COOKIE, NAVIGATION), sessions);
        this.registry = registry;
        this.auth = auth;
    }

    @Override
    protected Optional<String> authenticate(String name, char[] password, String remoteAddress) {
        try {
            return auth.signIn(name, password, remoteAddress).map(Operator::name);
        } catch (RegistryException throttled) {
            throw new SignInThrottled(throttled.getMessage(), throttled.retryAfterSeconds());
        } catch (SQLException e) {
            throw databaseDown(e);
        }
    }

    @Override
    protected void page(String path, Signed request, HttpServletResponse response) throws IOException {
        asOperator(request, response, operator -> {
            switch (path) {
                case "", "/" -> participants(request, operator, response);
                case "/participant" -> participant(request, operator, response);
                case "/register" -> registerForm(request, Map.of(), Optional.empty(), response, 200);
                case "/metadata" -> metadataForm(request, Map.of(), Optional.empty(), response, 200);
                case "/bulk" -> bulkForm(request, Map.of(), response, 200);
                default -> notFound(request, response);
            }
        });
    }

    @Override
    protected void action(String path, Signed request, HttpServletResponse response) throws IOException {
        asOperator(request, response, operator -> {
            switch (path) {
                case "/register" -> register(request, operator, response);
                case "/metadata" -> addMetadata(request, operator, response);
                case "/bulk/preview" -> bulkPreview(request, operator, response);
                case "/bulk/apply" -> bulkApply(request, operator, response);
                default -> notFound(request, response);
            }
        });
    }

    /** What a page or an action does for the signed-in operator, who may touch the database. */
    @FunctionalInterface
    private interface OperatorWork {
        void run(Operator operator) throws IOException, SQLException;
    }

    /**
     * Runs {@code work} as the session's operator with its ICDs as they are now, or sends the browser to sign in when
     * the user was removed since it signed in.
     */
    private void asOperator(Signed request, HttpServletResponse response, OperatorWork work) throws IOException {
        try {
            Optional<Operator> operator =
                    auth.current(request.operator(), request.http().getRemoteAddr());
            if (operator.isEmpty()) {
                redirect(response, "/console/signin");
                return;
            }
            work.run(operator.get());
        } catch (SQLException e) {
            throw databaseDown(e);
        }
    }

    private static IllegalStateException databaseDown(SQLException e) {
        return new IllegalStateException("the registry database did not answer: " + e.getMessage(), e);
    }

    // ---- participants ----

    private void participants(Signed request, Operator operator, HttpServletResponse response)
            throws IOException, SQLException {
        ConsoleText text = request.text();
        Optional<String> q = request.parameter("q");
        Optional<String> country = request.parameter("country");
        List<DirectoryEntry> found =
                registry.store().search(country.orElse(null), q.orElse(null), operator.name(), LIST_LIMIT);
        StringBuilder body = new StringBuilder();
        body.append("<p id=\"scope\">")
                .append(Html.escape(
                        text.format("participants.scope", operator.icds().toString())))
                .append("</p><form method=\"get\" action=\"/console/\" class=\"filters\" role=\"search\">")
                .append(input("q", text.get("participants.search"), q.orElse(""), Optional.empty(), ""))
                .append(input("country", text.get("participants.country"), country.orElse(""), Optional.empty(), ""))
                .append("<button type=\"submit\" id=\"search\">")
                .append(Html.escape(text.get("participants.find")))
                .append("</button></form>");
        if (found.isEmpty()) {
            body.append("<p id=\"no-participants\">")
                    .append(Html.escape(text.get("participants.none")))
                    .append("</p>");
        } else {
            body.append("<div class=\"scroll\"><table id=\"participants\"><thead><tr><th scope=\"col\">")
                    .append(Html.escape(text.get("participants.id")))
                    .append("</th><th scope=\"col\">")
                    .append(Html.escape(text.get("participants.name")))
                    .append("</th><th scope=\"col\">")
                    .append(Html.escape(text.get("participants.country")))
                    .append("</th><th scope=\"col\">")
                    .append(Html.escape(text.get("participants.documentTypes")))
                    .append("</th></tr></thead><tbody>");
            for (DirectoryEntry e : found) {
                body.append("<tr><td><a href=\"/console/participant?id=")
                        .append(Html.queryValue(e.participantId()))
                        .append("\">")
                        .append(Html.escape(e.value()))
                        .append("</a></td><td>")
                        .append(Html.escape(Optional.ofNullable(e.name()).orElse("")))
                        .append("</td><td>")
                        .append(Html.escape(Optional.ofNullable(e.country()).orElse("")))
                        .append("</td><td>")
                        .append(text.number(e.documentTypes().size()))
                        .append("</td></tr>");
            }
            body.append("</tbody></table></div>");
        }
        html(response, 200, request.page().render("participants.title", body.toString()));
    }

    private void participant(Signed request, Operator operator, HttpServletResponse response)
            throws IOException, SQLException {
        Optional<SmpIdentifier> id = request.parameter("id").flatMap(SmpConsoleServlet::participantId);
        Optional<Registry.OwnedParticipant> owned =
                id.isEmpty() ? Optional.empty() : registry.owned(id.get(), operator);
        if (owned.isEmpty()) {
            notFound(request, response);
            return;
        }
        ConsoleText text = request.text();
        var record = owned.get().record();
        StringBuilder body = new StringBuilder();
        body.append("<dl class=\"facts\"><dt>")
                .append(Html.escape(text.get("participants.id")))
                .append("</dt><dd id=\"participant-id\">")
                .append(Html.escape(record.id().toString()))
                .append("</dd><dt>")
                .append(Html.escape(text.get("participant.name")))
                .append("</dt><dd id=\"participant-name\">")
                .append(Html.escape(orDash(text, record.displayName())))
                .append("</dd><dt>")
                .append(Html.escape(text.get("participant.country")))
                .append("</dt><dd id=\"participant-country\">")
                .append(Html.escape(orDash(text, record.country())))
                .append("</dd></dl><p><a id=\"edit-card\" href=\"/console/register?participant=")
                .append(Html.queryValue(record.id().value()))
                .append("&amp;name=")
                .append(Html.queryValue(
                        Optional.ofNullable(record.displayName()).orElse("")))
                .append("&amp;country=")
                .append(Html.queryValue(Optional.ofNullable(record.country()).orElse("")))
                .append("\">")
                .append(Html.escape(text.get("participant.editCard")))
                .append("</a></p><h2>")
                .append(Html.escape(text.get("participant.services")))
                .append("</h2>");
        if (owned.get().services().isEmpty()) {
            body.append("<p>")
                    .append(Html.escape(text.get("participant.noServices")))
                    .append("</p>");
        }
        for (Endpoints.Service service : owned.get().services()) {
            body.append("<h3 class=\"document-type\">")
                    .append(Html.escape(service.documentType().value()))
                    .append("</h3>");
            if (service.redirect().isPresent()) {
                body.append("<p>")
                        .append(Html.escape(text.format(
                                "participant.redirect", service.redirect().get())))
                        .append("</p>");
                continue;
            }
            body.append("<div class=\"scroll\"><table class=\"endpoints\"><thead><tr>");
            for (String key : List.of(
                    "participant.process",
                    "participant.transport",
                    "participant.url",
                    "participant.certificate",
                    "participant.expires",
                    "participant.activation",
                    "participant.expiration",
                    "participant.edit")) {
                body.append("<th scope=\"col\">")
                        .append(Html.escape(text.get(key)))
                        .append("</th>");
            }
            body.append("</tr></thead><tbody>");
            for (Endpoints.Endpoint e : service.endpoints()) {
                body.append("<tr><td>")
                        .append(Html.escape(e.process()))
                        .append("</td><td>")
                        .append(Html.escape(e.transportProfile()))
                        .append("</td><td class=\"endpoint-url\">")
                        .append(Html.escape(e.url()))
                        .append("</td><td class=\"certificate-subject\">")
                        .append(Html.escape(e.certificate()
                                .map(c -> c.getSubjectX500Principal().getName())
                                .orElse(text.get("participant.notSet"))))
                        .append("</td><td class=\"certificate-expiry\">")
                        .append(Html.escape(e.certificate()
                                .map(X509Certificate::getNotAfter)
                                .map(d -> text.dateTime(d.toInstant()))
                                .orElse(text.get("participant.notSet"))))
                        .append("</td><td>")
                        .append(Html.escape(date(text, e.activation())))
                        .append("</td><td>")
                        .append(Html.escape(date(text, e.expiration())))
                        .append("</td><td><a class=\"edit-metadata\" href=\"")
                        .append(Html.escape(editLink(record.id(), service.documentType(), e)))
                        .append("\">")
                        .append(Html.escape(text.get("participant.edit")))
                        .append("</a></td></tr>");
            }
            body.append("</tbody></table></div>");
        }
        body.append("<p><a id=\"add-metadata\" href=\"/console/metadata?id=")
                .append(Html.queryValue(record.id().toString()))
                .append("\">")
                .append(Html.escape(text.get("participant.addMetadata")))
                .append("</a></p>");
        html(response, 200, request.page().render("participant.title", body.toString()));
    }

    // ---- register a participant with its business card ----

    private void registerForm(
            Signed request,
            Map<String, String> errors,
            Optional<String> general,
            HttpServletResponse response,
            int status)
            throws IOException {
        ConsoleText text = request.text();
        StringBuilder body = new StringBuilder();
        general.ifPresent(g -> body.append("<p class=\"error\" role=\"alert\" id=\"form-error\">")
                .append(Html.escape(text.format("error.general", g)))
                .append("</p>"));
        body.append("<form method=\"post\" action=\"/console/register\" class=\"edit\">")
                .append(ConsolePage.csrfField(request.session().csrfToken()))
                .append(field(request, errors, "participant", "register.participant", "", true))
                .append(field(request, errors, "name", "register.name", "", true))
                .append(field(request, errors, "country", "register.country", "", false))
                .append("<button type=\"submit\" id=\"register\">")
                .append(Html.escape(text.get("register.submit")))
                .append("</button></form>");
        html(response, status, request.page().render("register.title", body.toString()));
    }

    private void register(Signed request, Operator operator, HttpServletResponse response)
            throws IOException, SQLException {
        ConsoleText text = request.text();
        Map<String, String> errors = new LinkedHashMap<>();
        String value = request.parameter("participant").orElse("");
        String name = request.parameter("name").orElse("");
        Optional<String> country = request.parameter("country");
        if (name.isEmpty()) errors.put("name", text.get("error.required"));
        Optional<SmpIdentifier> id = Optional.empty();
        try {
            id = Optional.of(SmpIdentifier.of(SmpIdentifier.Kind.PARTICIPANT, PARTICIPANT_SCHEME, value));
        } catch (IdentifierException e) {
            errors.put("participant", e.getMessage());
        }
        if (!errors.isEmpty()) {
            registerForm(request, errors, Optional.empty(), response, 400);
            return;
        }
        String serviceGroup = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ServiceGroup xmlns=\"http://busdox.org/serviceMetadata/publishing/1.0/\" "
                + "xmlns:ids=\"http://busdox.org/transport/identifiers/1.0/\">"
                + "<ids:ParticipantIdentifier scheme=\"" + PARTICIPANT_SCHEME + "\">" + Html.escape(value)
                + "</ids:ParticipantIdentifier><ServiceMetadataReferenceCollection/><Extension>"
                + "<sg:BusinessCard xmlns:sg=\"" + Registry.BUSINESS_CARD_NS + "\"><sg:Name>" + Html.escape(name)
                + "</sg:Name>"
                + country.map(c -> "<sg:CountryCode>" + Html.escape(c) + "</sg:CountryCode>")
                        .orElse("")
                + "</sg:BusinessCard></Extension></ServiceGroup>";
        try {
            registry.putServiceGroup(id.get(), serviceGroup.getBytes(StandardCharsets.UTF_8), operator);
        } catch (RegistryException e) {
            String field = e.getMessage().contains("CountryCode") ? "country" : "participant";
            registerForm(request, Map.of(field, e.getMessage()), Optional.empty(), response, status(e));
            return;
        }
        redirect(response, "/console/participant?id=" + queryParameter(id.get().toString()));
    }

    // ---- add service metadata ----

    private void metadataForm(
            Signed request,
            Map<String, String> errors,
            Optional<String> general,
            HttpServletResponse response,
            int status)
            throws IOException {
        ConsoleText text = request.text();
        String id = request.parameter("id").orElse("");
        StringBuilder body = new StringBuilder();
        general.ifPresent(g -> body.append("<p class=\"error\" role=\"alert\" id=\"form-error\">")
                .append(Html.escape(text.format("error.general", g)))
                .append("</p>"));
        body.append("<form method=\"post\" action=\"/console/metadata\" class=\"edit\">")
                .append(ConsolePage.csrfField(request.session().csrfToken()))
                .append(input(
                        "id", text.get("metadata.participant"), id, Optional.ofNullable(errors.get("id")), " required"))
                .append(field(request, errors, "documentType", "metadata.documentType", "", true))
                .append(field(request, errors, "process", "metadata.process", "", true))
                .append("<label for=\"transport\">")
                .append(Html.escape(text.get("metadata.transport")))
                .append("</label><select id=\"transport\" name=\"transport\">");
        String chosen = request.parameter("transport").orElse(TRANSPORT_PROFILES.get(0));
        for (String profile : TRANSPORT_PROFILES) {
            body.append("<option")
                    .append(profile.equals(chosen) ? " selected" : "")
                    .append('>')
                    .append(Html.escape(profile))
                    .append("</option>");
        }
        body.append("</select>")
                .append(field(request, errors, "url", "metadata.url", "", true))
                .append(textarea(
                        "certificate",
                        text.get("metadata.certificate"),
                        request.parameter("certificate").orElse(""),
                        Optional.ofNullable(errors.get("certificate"))))
                .append(field(request, errors, "activation", "metadata.activation", "", false))
                .append(field(request, errors, "expiration", "metadata.expiration", "", false))
                .append(field(request, Map.of(), "description", "metadata.description", "SilkGate access point", true))
                .append(field(request, errors, "contact", "metadata.contact", "", true))
                .append("<button type=\"submit\" id=\"publish\">")
                .append(Html.escape(text.get("metadata.submit")))
                .append("</button></form>");
        html(response, status, request.page().render("metadata.title", body.toString()));
    }

    private void addMetadata(Signed request, Operator operator, HttpServletResponse response)
            throws IOException, SQLException {
        ConsoleText text = request.text();
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<SmpIdentifier> participant = Optional.empty();
        try {
            participant = Optional.of(SmpIdentifier.parse(
                    SmpIdentifier.Kind.PARTICIPANT, request.parameter("id").orElse("")));
        } catch (IdentifierException e) {
            errors.put("id", e.getMessage());
        }
        Optional<SmpIdentifier> documentType = Optional.empty();
        try {
            documentType = Optional.of(SmpIdentifier.of(
                    SmpIdentifier.Kind.DOCUMENT_TYPE,
                    DOCUMENT_SCHEME,
                    request.parameter("documentType").orElse("")));
        } catch (IdentifierException e) {
            errors.put("documentType", e.getMessage());
        }
        String process = request.parameter("process").orElse("");
        if (process.isEmpty()) errors.put("process", text.get("error.required"));
        String url = request.parameter("url").orElse("");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            errors.put("url", "an absolute http(s) URL, not '" + url + "'");
        }
        String certificate = "";
        try {
            certificate = Endpoints.certificateBase64(
                    request.parameter("certificate").orElse(""), text.get("metadata.certificate"));
        } catch (RegistryException e) {
            errors.put("certificate", e.getMessage());
        }
        Optional<Instant> activation = date(request, "activation", errors, text);
        Optional<Instant> expiration = date(request, "expiration", errors, text);
        String contact = request.parameter("contact").orElse("");
        if (contact.isEmpty()) errors.put("contact", text.get("error.required"));
        if (!errors.isEmpty()) {
            metadataForm(request, errors, Optional.empty(), response, 400);
            return;
        }
        String transport = request.parameter("transport")
                .filter(TRANSPORT_PROFILES::contains)
                .orElse(TRANSPORT_PROFILES.get(0));
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ServiceMetadata xmlns=\"http://busdox.org/serviceMetadata/publishing/1.0/\" "
                + "xmlns:ids=\"http://busdox.org/transport/identifiers/1.0/\" "
                + "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><ServiceInformation>"
                + "<ids:ParticipantIdentifier scheme=\""
                + Html.escape(participant.get().scheme()) + "\">"
                + Html.escape(participant.get().value()) + "</ids:ParticipantIdentifier>"
                + "<ids:DocumentIdentifier scheme=\"" + DOCUMENT_SCHEME + "\">"
                + Html.escape(documentType.get().value()) + "</ids:DocumentIdentifier>"
                + "<ProcessList><Process><ids:ProcessIdentifier scheme=\"" + PROCESS_SCHEME + "\">"
                + Html.escape(process) + "</ids:ProcessIdentifier><ServiceEndpointList>"
                + "<Endpoint transportProfile=\"" + Html.escape(transport) + "\">"
                + "<wsa:EndpointReference><wsa:Address>" + Html.escape(url) + "</wsa:Address></wsa:EndpointReference>"
                + "<RequireBusinessLevelSignature>false</RequireBusinessLevelSignature>"
                + activation
                        .map(a -> "<ServiceActivationDate>" + a + "</ServiceActivationDate>")
                        .orElse("")
                + expiration
                        .map(a -> "<ServiceExpirationDate>" + a + "</ServiceExpirationDate>")
                        .orElse("")
                + "<Certificate>" + certificate + "</Certificate>"
                + "<ServiceDescription>"
                + Html.escape(request.parameter("description").orElse(""))
                + "</ServiceDescription><TechnicalContactUrl>" + Html.escape(contact) + "</TechnicalContactUrl>"
                + "</Endpoint></ServiceEndpointList></Process></ProcessList></ServiceInformation></ServiceMetadata>";
        try {
            registry.putServiceMetadata(
                    participant.get(), documentType.get(), xml.getBytes(StandardCharsets.UTF_8), operator);
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.NOT_FOUND || e.reason() == RegistryException.Reason.FORBIDDEN) {
                metadataForm(request, Map.of("id", e.getMessage()), Optional.empty(), response, status(e));
            } else {
                metadataForm(request, Map.of(), Optional.of(e.getMessage()), response, status(e));
            }
            return;
        }
        redirect(
                response,
                "/console/participant?id=" + queryParameter(participant.get().toString()));
    }

    // ---- bulk change of an access point ----

    private void bulkForm(Signed request, Map<String, String> errors, HttpServletResponse response, int status)
            throws IOException {
        ConsoleText text = request.text();
        StringBuilder body = new StringBuilder();
        body.append("<p>").append(Html.escape(text.get("bulk.intro"))).append("</p>");
        body.append("<form method=\"post\" action=\"/console/bulk/preview\" class=\"edit\">")
                .append(ConsolePage.csrfField(request.session().csrfToken()))
                .append("<fieldset><legend>")
                .append(Html.escape(text.get("bulk.target")))
                .append("</legend>");
        String chosen = request.parameter("target").orElse("CERTIFICATE");
        for (Endpoints.Change.Target target : Endpoints.Change.Target.values()) {
            body.append("<label><input type=\"radio\" name=\"target\" id=\"target-")
                    .append(target.name())
                    .append("\" value=\"")
                    .append(target.name())
                    .append('"')
                    .append(target.name().equals(chosen) ? " checked" : "")
                    .append("> ")
                    .append(Html.escape(text.get("bulk.target." + target.name())))
                    .append("</label>");
        }
        body.append("</fieldset>")
                .append(textarea(
                        "from",
                        text.get("bulk.from"),
                        request.parameter("from").orElse(""),
                        Optional.ofNullable(errors.get("from"))))
                .append(textarea(
                        "to",
                        text.get("bulk.to"),
                        request.parameter("to").orElse(""),
                        Optional.ofNullable(errors.get("to"))))
                .append("<button type=\"submit\" id=\"preview\">")
                .append(Html.escape(text.get("bulk.preview")))
                .append("</button></form>");
        html(response, status, request.page().render("bulk.title", body.toString()));
    }

    private Optional<Endpoints.Change> change(Signed request, HttpServletResponse response) throws IOException {
        Endpoints.Change.Target target;
        try {
            target = Endpoints.Change.Target.valueOf(request.parameter("target").orElse(""));
        } catch (IllegalArgumentException e) {
            bulkForm(request, Map.of(), response, 400);
            return Optional.empty();
        }
        String from = request.parameter("from").orElse("");
        String to = request.parameter("to").orElse("");
        Map<String, String> errors = new LinkedHashMap<>();
        if (target == Endpoints.Change.Target.CERTIFICATE) {
            try {
                Endpoints.certificateBase64(from, request.text().get("bulk.from"));
            } catch (RegistryException e) {
                errors.put("from", e.getMessage());
            }
        }
        try {
            return Optional.of(Endpoints.Change.of(target, from, to));
        } catch (RegistryException e) {
            if (!errors.containsKey("from")) {
                errors.put(e.getMessage().contains("replace") ? "from" : "to", e.getMessage());
            }
            bulkForm(request, errors, response, 400);
            return Optional.empty();
        }
    }

    private void bulkPreview(Signed request, Operator operator, HttpServletResponse response)
            throws IOException, SQLException {
        Optional<Endpoints.Change> change = change(request, response);
        if (change.isEmpty()) return;
        ConsoleText text = request.text();
        List<Registry.PlannedChange> planned;
        try {
            planned = registry.planEndpointChange(operator, change.get());
        } catch (RegistryException e) {
            bulkForm(request, Map.of("to", e.getMessage()), response, status(e));
            return;
        }
        StringBuilder body = new StringBuilder();
        if (planned.isEmpty()) {
            body.append("<p id=\"bulk-none\">")
                    .append(Html.escape(text.get("bulk.none")))
                    .append("</p>");
            html(response, 200, request.page().render("bulk.previewTitle", body.toString()));
            return;
        }
        body.append("<p id=\"bulk-count\">")
                .append(Html.escape(text.format("bulk.count", planned.size())))
                .append("</p><div class=\"scroll\"><table id=\"bulk-changes\"><thead><tr><th scope=\"col\">")
                .append(Html.escape(text.get("participants.id")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("bulk.documentType")))
                .append("</th></tr></thead><tbody>");
        for (Registry.PlannedChange p : planned) {
            body.append("<tr><td>")
                    .append(Html.escape(p.participant().value()))
                    .append("</td><td>")
                    .append(Html.escape(p.documentType().value()))
                    .append("</td></tr>");
        }
        body.append("</tbody></table></div><form method=\"post\" action=\"/console/bulk/apply\">")
                .append(ConsolePage.csrfField(request.session().csrfToken()))
                .append(hidden("target", change.get().target().name()))
                .append(hidden("from", change.get().from()))
                .append(hidden("to", change.get().to()));
        for (Registry.PlannedChange p : planned) body.append(hidden("document", p.key()));
        body.append("<button type=\"submit\" id=\"confirm\">")
                .append(Html.escape(text.get("bulk.confirm")))
                .append("</button></form>");
        html(response, 200, request.page().render("bulk.previewTitle", body.toString()));
    }

    private void bulkApply(Signed request, Operator operator, HttpServletResponse response)
            throws IOException, SQLException {
        Optional<Endpoints.Change> change = change(request, response);
        if (change.isEmpty()) return;
        ConsoleText text = request.text();
        String[] documents = request.http().getParameterValues("document");
        LinkedHashSet<String> previewed = new LinkedHashSet<>(documents == null ? List.of() : List.of(documents));
        StringBuilder body = new StringBuilder();
        int status = 200;
        try {
            List<Registry.PlannedChange> done = registry.applyEndpointChange(operator, change.get(), previewed);
            body.append("<p id=\"bulk-done\" role=\"status\">")
                    .append(Html.escape(text.format("bulk.done", done.size())))
                    .append("</p>");
        } catch (RegistryException e) {
            status = status(e);
            body.append("<p class=\"error\" role=\"alert\" id=\"bulk-conflict\">")
                    .append(Html.escape(text.format("bulk.conflict", e.getMessage())))
                    .append("</p>");
        }
        html(response, status, request.page().render("bulk.title", body.toString()));
    }

    // ---- helpers ----

    /** The metadata form filled with an endpoint as it is registered: publishing it again replaces the document. */
    private static String editLink(SmpIdentifier participant, SmpIdentifier documentType, Endpoints.Endpoint e) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", participant.toString());
        fields.put("documentType", documentType.value());
        int separator = e.process().indexOf("::");
        fields.put("process", separator < 0 ? e.process() : e.process().substring(separator + 2));
        fields.put("transport", e.transportProfile());
        fields.put("url", e.url());
        e.certificate().ifPresent(c -> {
            try {
                fields.put("certificate", java.util.Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException unreadable) {
                // left empty: the operator pastes it again
            }
        });
        e.activation()
                .ifPresent(a -> fields.put(
                        "activation", a.atOffset(ZoneOffset.UTC).toLocalDate().toString()));
        e.expiration()
                .ifPresent(a -> fields.put(
                        "expiration", a.atOffset(ZoneOffset.UTC).toLocalDate().toString()));
        fields.put("description", e.description());
        fields.put("contact", e.technicalContact());
        StringBuilder link = new StringBuilder("/console/metadata");
        char next = '?';
        for (var field : fields.entrySet()) {
            link.append(next).append(field.getKey()).append('=').append(queryParameter(field.getValue()));
            next = '&';
        }
        return link.toString();
    }

    private static Optional<SmpIdentifier> participantId(String text) {
        try {
            return Optional.of(SmpIdentifier.parse(SmpIdentifier.Kind.PARTICIPANT, text));
        } catch (IdentifierException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> date(Signed request, String field, Map<String, String> errors, ConsoleText text) {
        Optional<String> value = request.parameter(field);
        if (value.isEmpty()) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(value.get()).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            errors.put(field, text.get("error.date"));
            return Optional.empty();
        }
    }

    private static String date(ConsoleText text, Optional<Instant> instant) {
        return instant.map(text::dateTime).orElse(text.get("participant.notSet"));
    }

    private static String orDash(ConsoleText text, String value) {
        return value == null || value.isBlank() ? text.get("participant.notSet") : value;
    }

    private static int status(RegistryException e) {
        return switch (e.reason()) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_MANY_REQUESTS -> 429;
        };
    }

    private static String queryParameter(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A labelled input; its error, if any, right after it and tied to it for screen readers. */
    private static String input(String name, String label, String value, Optional<String> error, String attributes) {
        return "<label for=\"" + name + "\">" + Html.escape(label) + "</label><input id=\"" + name + "\" name=\"" + name
                + "\" value=\"" + Html.escape(value) + "\"" + attributes
                + error.map(e -> " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"")
                        .orElse("") + ">"
                + error.map(e -> "<p class=\"error field-error\" id=\"" + name + "-error\">" + Html.escape(e) + "</p>")
                        .orElse("");
    }

    private static String textarea(String name, String label, String value, Optional<String> error) {
        return "<label for=\"" + name + "\">" + Html.escape(label) + "</label><textarea id=\"" + name + "\" name=\""
                + name + "\" rows=\"4\" cols=\"70\""
                + error.map(e -> " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"")
                        .orElse("") + ">"
                + Html.escape(value) + "</textarea>"
                + error.map(e -> "<p class=\"error field-error\" id=\"" + name + "-error\">" + Html.escape(e) + "</p>")
                        .orElse("");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
    }

    /** A labelled input of a form, filled from the request (else {@code fallback}), with its error beside it. */
    private static String field(
            Signed request,
            Map<String, String> errors,
            String name,
            String labelKey,
            String fallback,
            boolean required) {
        return input(
                name,
                request.text().get(labelKey),
                request.parameter(name).orElse(fallback),
                Optional.ofNullable(errors.get(name)),
                required ? " required" : "");
    }
}
