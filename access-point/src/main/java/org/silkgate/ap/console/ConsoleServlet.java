package org.silkgate.ap.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.clients.Operators;
import org.silkgate.ap.journal.Direction;

/**
 * The operator console under {@code /console} on the API listener: server-rendered HTML, no script. Every request but
 * the sign-in page and the style sheet needs a signed-in operator; every POST needs the session's CSRF token (403
 * otherwise). What the pages show and do comes from {@link ConsoleActions}, the services the REST API uses.
 */
public final class ConsoleServlet extends HttpServlet {
    public static final String SESSION_COOKIE = "__Host-silkgate-console";
    public static final String CSRF_FIELD = "csrf";
    /** The sign-in form's CSRF token before there is a session: the same value in a cookie and in the form. */
    static final String SIGN_IN_COOKIE = "__Host-silkgate-console-signin";

    static final String LANGUAGE_COOKIE = "silkgate-console-lang";

    private final String apId;
    private final transient ConsoleActions actions;
    private final transient Operators operators;
    private final transient ConsoleSessions sessions;
    private final transient byte[] styleSheet;

    public ConsoleServlet(String apId, ConsoleActions actions, Operators operators, ConsoleSessions sessions) {
        this.apId = apId;
        this.actions = actions;
        this.operators = operators;
        this.sessions = sessions;
        try (InputStream css = ConsoleServlet.class.getResourceAsStream("/console/console.css")) {
            if (css == null) throw new IllegalStateException("console/console.css is missing from the jar");
            this.styleSheet = css.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read console/console.css", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.equals("/style.css")) {
            response.setContentType("text/css;charset=UTF-8");
            response.setHeader("Cache-Control", "max-age=3600");
            response.getOutputStream().write(styleSheet);
            return;
        }
        ConsoleText text = text(request, response);
        if (path.equals("/signin")) {
            signInPage(request, response, text, Optional.empty(), HttpServletResponse.SC_OK);
            return;
        }
        Optional<ConsoleSessions.Session> session = session(request);
        if (session.isEmpty()) {
            redirect(response, "/console/signin");
            return;
        }
        ConsolePage page = new ConsolePage(
                text, apId, selfLink(request), Optional.of(session.get().csrfToken()));
        Request query = new Request(request);
        switch (path) {
            case "", "/" ->
                html(response, 200, page.render("dashboard.title", DashboardView.render(text, actions.dashboard())));
            case "/messages" -> MessageViews.list(text, page, query, actions, response);
            case "/message" -> MessageViews.detail(text, page, query, actions, response);
            case "/message/receipt" -> MessageViews.receipt(query, actions, response);
            case "/message/payload" -> MessageViews.payload(query, actions, response);
            case "/audit" ->
                html(
                        response,
                        200,
                        page.render(
                                "audit.title",
                                AuditView.render(
                                        text,
                                        actions.latestAudit(AuditView.ENTRIES),
                                        query.parameter("verify").map(v -> actions.verifyAudit()))));
            case "/clients" ->
                html(
                        response,
                        200,
                        page.render("clients.title", ClientViews.list(text, page, actions, Optional.empty())));
            default ->
                html(
                        response,
                        404,
                        page.render("notfound.title", "<p>" + Html.escape(text.get("notfound.text")) + "</p>"));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String path = path(request);
        ConsoleText text = text(request, response);
        if (path.equals("/signin")) {
            signIn(request, response, text);
            return;
        }
        Optional<ConsoleSessions.Session> session = session(request);
        if (session.isEmpty()) {
            refuse(response, text, "refused.session");
            return;
        }
        if (!session.get().csrfMatches(request.getParameter(CSRF_FIELD))) {
            refuse(response, text, "refused.csrf");
            return;
        }
        String actor = Operators.actor(session.get().operator());
        // the answer to a form cannot be fetched again: its language switch leads to the dashboard
        ConsolePage page = new ConsolePage(
                text, apId, "/console/", Optional.of(session.get().csrfToken()));
        Request form = new Request(request);
        switch (path) {
            case "/signout" -> {
                sessions.close(session.get().id());
                Cookies.clear(response, SESSION_COOKIE);
                redirect(response, "/console/signin");
            }
            case "/resend/confirm" -> MessageViews.confirmResend(text, page, form, response);
            case "/resend" -> MessageViews.resend(text, page, form, actions, actor, response);
            case "/clients" -> ClientViews.create(text, page, form, actions, actor, response);
            case "/clients/revoke" -> ClientViews.revoke(text, page, form, actions, actor, response);
            default ->
                html(
                        response,
                        404,
                        page.render("notfound.title", "<p>" + Html.escape(text.get("notfound.text")) + "</p>"));
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response, ConsoleText text) throws IOException {
        Optional<String> expected = Cookies.read(request, SIGN_IN_COOKIE);
        if (expected.isEmpty() || !ConsoleSessions.tokensEqual(expected.get(), request.getParameter(CSRF_FIELD))) {
            refuse(response, text, "refused.csrf");
            return;
        }
        String name =
                Optional.ofNullable(request.getParameter("name")).orElse("").strip();
        char[] password =
                Optional.ofNullable(request.getParameter("password")).orElse("").toCharArray();
        Optional<String> operator;
        try {
            operator = operators.signIn(name, password, request.getRemoteAddr());
        } catch (Operators.Throttled throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.seconds()));
            signInPage(request, response, text, Optional.of(text.format("signin.throttled", throttled.seconds())), 429);
            return;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        if (operator.isEmpty()) {
            signInPage(
                    request,
                    response,
                    text,
                    Optional.of(text.get("signin.refused")),
                    HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        // a new id at sign-in, so that an id planted before it is worth nothing
        session(request).ifPresent(old -> sessions.close(old.id()));
        ConsoleSessions.Session session = sessions.open(operator.get());
        Cookies.set(response, SESSION_COOKIE, session.id(), true);
        Cookies.clear(response, SIGN_IN_COOKIE);
        redirect(response, "/console/");
    }

    private void signInPage(
            HttpServletRequest request,
            HttpServletResponse response,
            ConsoleText text,
            Optional<String> error,
            int status)
            throws IOException {
        String token = ConsoleSessions.randomToken();
        Cookies.set(response, SIGN_IN_COOKIE, token, true);
        StringBuilder body = new StringBuilder();
        error.ifPresent(e -> body.append("<p class=\"error\" role=\"alert\" id=\"signin-error\">")
                .append(Html.escape(e))
                .append("</p>"));
        body.append("<form method=\"post\" action=\"/console/signin\" class=\"signin\">")
                .append(ConsolePage.csrfField(token))
                .append("<label for=\"name\">")
                .append(Html.escape(text.get("signin.name")))
                .append("</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required autofocus>")
                .append("<label for=\"password\">")
                .append(Html.escape(text.get("signin.password")))
                .append("</label><input id=\"password\" name=\"password\" type=\"password\" "
                        + "autocomplete=\"current-password\" required>")
                .append("<button type=\"submit\" id=\"signin\">")
                .append(Html.escape(text.get("signin.submit")))
                .append("</button></form><p class=\"hint\">")
                .append(Html.escape(text.get("signin.hint")))
                .append("</p>");
        html(
                response,
                status,
                new ConsolePage(text, apId, "/console/signin", Optional.empty())
                        .render("signin.title", body.toString()));
    }

    private void refuse(HttpServletResponse response, ConsoleText text, String key) throws IOException {
        html(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                new ConsolePage(text, apId, "/console/signin", Optional.empty())
                        .render(
                                "refused.title",
                                "<p class=\"error\" role=\"alert\">" + Html.escape(text.get(key))
                                        + "</p><p><a href=\"/console/signin\">"
                                        + Html.escape(text.get("signin.title")) + "</a></p>"));
    }

    private Optional<ConsoleSessions.Session> session(HttpServletRequest request) {
        return sessions.touch(Cookies.read(request, SESSION_COOKIE).orElse(null));
    }

    private static ConsoleText text(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> asked = Optional.ofNullable(request.getParameter("lang"));
        String language = ConsoleText.choose(
                asked,
                Cookies.read(request, LANGUAGE_COOKIE),
                Optional.ofNullable(request.getHeader("Accept-Language")));
        if (asked.filter(ConsoleText.LANGUAGES::contains).isPresent()) {
            Cookies.setFor(response, LANGUAGE_COOKIE, language, Duration.ofDays(365));
        }
        return ConsoleText.of(language);
    }

    /** This page's path and query without {@code lang}: where the language switch comes back to. */
    private static String selfLink(HttpServletRequest request) {
        StringBuilder link = new StringBuilder("/console").append(path(request));
        char separator = '?';
        for (var parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().equals("lang")) continue;
            for (String value : parameter.getValue()) {
                link.append(separator)
                        .append(java.net.URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return link.toString();
    }

    private static String path(HttpServletRequest request) {
        return Optional.ofNullable(request.getPathInfo()).orElse("");
    }

    static void redirect(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    /** Sends a page with the headers that keep it out of caches and frames and allow no script at all. */
    static void html(HttpServletResponse response, int status, String page) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    /** A request's parameters, stripped, empty when absent or blank. */
    record Request(HttpServletRequest http) {
        Optional<String> parameter(String name) {
            return Optional.ofNullable(http.getParameter(name))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty());
        }

        List<String> parameters(String name) {
            String[] values = http.getParameterValues(name);
            List<String> list = new ArrayList<>();
            if (values != null) {
                for (String v : values) if (!v.isBlank()) list.add(v.strip());
            }
            return list;
        }

        Optional<Direction> direction() {
            return parameter("direction").flatMap(d -> {
                try {
                    return Optional.of(Direction.valueOf(d));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            });
        }
    }
}
