package org.silkgate.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An operator console under {@code /console}: server-rendered HTML, no script. This class is what every console does
 * the same way: the style sheet, the language switch, sign-in (a CSRF token in a cookie and in the form before there is
 * a session) and sign-out, the session cookie, and the check that every POST carries the session's CSRF token (403
 * otherwise). A console adds its own pages in {@link #page} and {@link #action}, and says how an operator's password is
 * checked in {@link #authenticate}. Its words come from its own bundle, which holds at least the keys {@code nav.*},
 * {@code signin.*}, {@code refused.*}, {@code notfound.*} and {@code language.name}.
 */
public abstract class OperatorConsoleServlet extends HttpServlet {
    public static final String CSRF_FIELD = ConsolePage.CSRF_FIELD;

    /**
     * What makes one console different from another in the frame.
     *
     * @param brand the server's id, in the header and every title
     * @param textBundle the console's bundle base name, e.g. {@code console.text}
     * @param sessionCookie the session cookie's name; {@code __Host-} names bind it to the host, and two consoles on
     *     one host need two names, since cookies do not tell ports apart
     * @param signInCookie the cookie that carries the sign-in form's CSRF token
     * @param languageCookie the cookie that keeps the chosen language
     * @param navigation the console's pages
     */
    public record Settings(
            String brand,
            String textBundle,
            String sessionCookie,
            String signInCookie,
            String languageCookie,
            List<ConsolePage.NavLink> navigation) {}

    /**
     * A request of a signed-in operator whose CSRF token (for a POST) has been checked.
     *
     * @param page the frame, with the page's own link for the language switch (the console's start page for a POST,
     *     whose answer cannot be fetched again)
     */
    public record Signed(ConsoleText text, ConsolePage page, ConsoleSessions.Session session, HttpServletRequest http) {
        public String operator() {
            return session.operator();
        }

        /** A parameter, stripped; empty when absent or blank. */
        public Optional<String> parameter(String name) {
            return OperatorConsoleServlet.parameter(http, name);
        }

        /** A parameter's non-blank values, stripped. */
        public List<String> parameters(String name) {
            String[] values = http.getParameterValues(name);
            List<String> list = new ArrayList<>();
            if (values != null) {
                for (String v : values) if (!v.isBlank()) list.add(v.strip());
            }
            return list;
        }
    }

    private final Settings settings;
    private final transient ConsoleSessions sessions;
    private final transient byte[] styleSheet;

    protected OperatorConsoleServlet(Settings settings, ConsoleSessions sessions) {
        this.settings = settings;
        this.sessions = sessions;
        try (InputStream css = OperatorConsoleServlet.class.getResourceAsStream("console.css")) {
            if (css == null)
                throw new IllegalStateException("org/silkgate/console/console.css is missing from the jar");
            this.styleSheet = css.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the console's style sheet", e);
        }
    }

    /**
     * The operator's name when the password is right (and the failure recorded where the server audits it otherwise).
     */
    protected abstract Optional<String> authenticate(String name, char[] password, String remoteAddress);

    /**
     * Thrown by {@link #authenticate} when the name or the address has failed too often lately: the sign-in page
     * answers 429 with {@code Retry-After} and the bundle's {@code signin.throttled} ({0}: the seconds to wait).
     */
    public static final class SignInThrottled extends RuntimeException {
        private final long seconds;

        public SignInThrottled(String message, long seconds) {
            super(message);
            this.seconds = seconds;
        }

        public long seconds() {
            return seconds;
        }
    }

    /** Answers a GET of a signed-in operator; {@code path} is the part after {@code /console}. */
    protected abstract void page(String path, Signed request, HttpServletResponse response) throws IOException;

    /** Answers a POST of a signed-in operator that carried the session's CSRF token. */
    protected abstract void action(String path, Signed request, HttpServletResponse response) throws IOException;

    @Override
    protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (path.equals("/style.css")) {
            response.setContentType("text/css;charset=UTF-8");
            response.setHeader("Cache-Control", "max-age=3600");
            response.getOutputStream().write(styleSheet);
            return;
        }
        ConsoleText text = text(request, response);
        if (path.equals("/signin")) {
            signInPage(response, text, Optional.empty(), HttpServletResponse.SC_OK);
            return;
        }
        Optional<ConsoleSessions.Session> session = session(request);
        if (session.isEmpty()) {
            redirect(response, "/console/signin");
            return;
        }
        ConsolePage page = new ConsolePage(
                text,
                settings.brand(),
                selfLink(request),
                Optional.of(session.get().csrfToken()),
                settings.navigation());
        page(path, new Signed(text, page, session.get(), request), response);
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
        if (path.equals("/signout")) {
            sessions.close(session.get().id());
            Cookies.clear(response, settings.sessionCookie());
            redirect(response, "/console/signin");
            return;
        }
        ConsolePage page = new ConsolePage(
                text, settings.brand(), "/console/", Optional.of(session.get().csrfToken()), settings.navigation());
        action(path, new Signed(text, page, session.get(), request), response);
    }

    /** The 404 page of a signed-in operator. */
    protected static void notFound(Signed request, HttpServletResponse response) throws IOException {
        html(
                response,
                404,
                request.page()
                        .render(
                                "notfound.title",
                                "<p>" + Html.escape(request.text().get("notfound.text")) + "</p>"));
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response, ConsoleText text) throws IOException {
        Optional<String> expected = Cookies.read(request, settings.signInCookie());
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
            operator = authenticate(name, password, request.getRemoteAddr());
        } catch (SignInThrottled throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.seconds()));
            signInPage(response, text, Optional.of(text.format("signin.throttled", throttled.seconds())), 429);
            return;
        } finally {
            Arrays.fill(password, '\0');
        }
        if (operator.isEmpty()) {
            signInPage(response, text, Optional.of(text.get("signin.refused")), HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        // a new id at sign-in, so that an id planted before it is worth nothing
        session(request).ifPresent(old -> sessions.close(old.id()));
        ConsoleSessions.Session session = sessions.open(operator.get());
        Cookies.set(response, settings.sessionCookie(), session.id(), true);
        Cookies.clear(response, settings.signInCookie());
        redirect(response, "/console/");
    }

    private void signInPage(HttpServletResponse response, ConsoleText text, Optional<String> error, int status)
            throws IOException {
        String token = ConsoleSessions.randomToken();
        Cookies.set(response, settings.signInCookie(), token, true);
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
                new ConsolePage(text, settings.brand(), "/console/signin", Optional.empty(), List.of())
                        .render("signin.title", body.toString()));
    }

    private void refuse(HttpServletResponse response, ConsoleText text, String key) throws IOException {
        html(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                new ConsolePage(text, settings.brand(), "/console/signin", Optional.empty(), List.of())
                        .render(
                                "refused.title",
                                "<p class=\"error\" role=\"alert\">" + Html.escape(text.get(key))
                                        + "</p><p><a href=\"/console/signin\">"
                                        + Html.escape(text.get("signin.title")) + "</a></p>"));
    }

    private Optional<ConsoleSessions.Session> session(HttpServletRequest request) {
        return sessions.touch(Cookies.read(request, settings.sessionCookie()).orElse(null));
    }

    private ConsoleText text(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> asked = Optional.ofNullable(request.getParameter("lang"));
        String language = ConsoleText.choose(
                asked,
                Cookies.read(request, settings.languageCookie()),
                Optional.ofNullable(request.getHeader("Accept-Language")));
        if (asked.filter(ConsoleText.LANGUAGES::contains).isPresent()) {
            Cookies.setFor(response, settings.languageCookie(), language, Duration.ofDays(365));
        }
        return ConsoleText.of(settings.textBundle(), language);
    }

    /** This page's path and query without {@code lang}: where the language switch comes back to. */
    private static String selfLink(HttpServletRequest request) {
        StringBuilder link = new StringBuilder("/console").append(path(request));
        char separator = '?';
        for (var parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().equals("lang")) continue;
            for (String value : parameter.getValue()) {
                link.append(separator)
                        .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return link.toString();
    }

    private static String path(HttpServletRequest request) {
        return Optional.ofNullable(request.getPathInfo()).orElse("");
    }

    static Optional<String> parameter(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    public static void redirect(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    /** Sends a page with the headers that keep it out of caches and frames and allow no script at all. */
    public static void html(HttpServletResponse response, int status, String page) throws IOException {
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
}
