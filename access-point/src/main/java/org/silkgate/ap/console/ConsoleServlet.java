package org.silkgate.ap.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.clients.Operators;
import org.silkgate.ap.journal.Direction;
import org.silkgate.console.ConsolePage;
import org.silkgate.console.ConsolePage.NavLink;
import org.silkgate.console.ConsoleSessions;
import org.silkgate.console.OperatorConsoleServlet;

/**
 * The access point's operator console under {@code /console} on the API listener. Sign-in, sessions, CSRF and the page
 * frame are the shared {@link OperatorConsoleServlet}'s; what the pages show and do comes from {@link ConsoleActions},
 * the services the REST API uses.
 */
public final class ConsoleServlet extends OperatorConsoleServlet {
    public static final String SESSION_COOKIE = "__Host-silkgate-console";
    /** The sign-in form's CSRF token before there is a session: the same value in a cookie and in the form. */
    static final String SIGN_IN_COOKIE = "__Host-silkgate-console-signin";

    static final String LANGUAGE_COOKIE = "silkgate-console-lang";
    /** The access point console's words: {@code console/text*.properties}. */
    public static final String TEXT_BUNDLE = "console.text";

    static final List<NavLink> NAVIGATION = List.of(
            new NavLink("/console/", "nav.dashboard"),
            new NavLink("/console/messages", "nav.messages"),
            new NavLink(
                    "/console/messages?direction=OUTBOUND&state=FAILED",
                    "nav.deadLetters",
                    Optional.of("nav-dead-letters")),
            new NavLink("/console/clients", "nav.clients"),
            new NavLink("/console/audit", "nav.audit"));

    private final transient ConsoleActions actions;
    private final transient Operators operators;

    public ConsoleServlet(String apId, ConsoleActions actions, Operators operators, ConsoleSessions sessions) {
        super(new Settings(apId, TEXT_BUNDLE, SESSION_COOKIE, SIGN_IN_COOKIE, LANGUAGE_COOKIE, NAVIGATION), sessions);
        this.actions = actions;
        this.operators = operators;
    }

    @Override
    protected Optional<String> authenticate(String name, char[] password, String remoteAddress) {
        try {
            return operators.signIn(name, password, remoteAddress);
        } catch (Operators.Throttled throttled) {
            throw new SignInThrottled(throttled.getMessage(), throttled.seconds());
        }
    }

    @Override
    protected void page(String path, Signed signed, HttpServletResponse response) throws IOException {
        var text = signed.text();
        ConsolePage page = signed.page();
        Request query = new Request(signed.http());
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
            default -> notFound(signed, response);
        }
    }

    @Override
    protected void action(String path, Signed signed, HttpServletResponse response) throws IOException {
        var text = signed.text();
        ConsolePage page = signed.page();
        String actor = Operators.actor(signed.operator());
        Request form = new Request(signed.http());
        switch (path) {
            case "/resend/confirm" -> MessageViews.confirmResend(text, page, form, response);
            case "/resend" -> MessageViews.resend(text, page, form, actions, actor, response);
            case "/clients" -> ClientViews.create(text, page, form, actions, actor, response);
            case "/clients/revoke" -> ClientViews.revoke(text, page, form, actions, actor, response);
            default -> notFound(signed, response);
        }
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
