package org.silkgate.smp.http;

import jakarta.ws.rs.core.HttpHeaders;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.silkgate.security.audit.AuditEvent;
import org.silkgate.security.audit.AuditLog;
import org.silkgate.security.login.LoginThrottle;
import org.silkgate.smp.store.RegistryException;
import org.silkgate.smp.users.IcdScope;
import org.silkgate.smp.users.Operator;
import org.silkgate.smp.users.SmpUsers;

/**
 * HTTP Basic authentication of registry writers against {@link SmpUsers}, with failed logins throttled per user
 * name and per client address, and every refused login appended to the audit log.
 */
public final class BasicAuth {
    static final String CHALLENGE = "Basic realm=\"SilkGate SMP\", charset=\"UTF-8\"";
    /** The actor of a refusal whose credentials could not even be read. */
    private static final String UNREADABLE = "(unreadable credentials)";

    private final SmpUsers users;
    private final AuditLog audit;
    private final LoginThrottle throttle;

    public BasicAuth(SmpUsers users, AuditLog audit, LoginThrottle.Limits throttling) {
        this.users = users;
        this.audit = audit;
        this.throttle = new LoginThrottle(throttling, Clock.systemUTC());
    }

    /**
     * The authenticated writer; a 401 refusal when credentials are missing or wrong, 429 while the user name or the
     * client address has too many recent failures (then the password is not even checked).
     */
    Operator operator(HttpHeaders headers, String clientAddress) throws RegistryException, SQLException {
        String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "writes need HTTP Basic credentials");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw refused(UNREADABLE, clientAddress, "the Basic credentials are not valid Base64");
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(decoded));
        char[] all = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        Arrays.fill(decoded, (byte) 0);
        int colon = -1;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            Arrays.fill(all, '\0');
            throw refused(UNREADABLE, clientAddress, "the Basic credentials lack a ':'");
        }
        String name = new String(all, 0, colon);
        char[] password = Arrays.copyOfRange(all, colon + 1, all.length);
        Arrays.fill(all, '\0');
        try {
            return check(name, password, clientAddress);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The operator console's sign-in: the same check as a write's credentials (throttled, a refusal audited as
     * {@code login.refused}); empty when refused or throttled. The caller clears {@code password}.
     */
    public Optional<Operator> signIn(String name, char[] password, String clientAddress)
            throws SQLException, RegistryException {
        try {
            return Optional.of(check(name, password, clientAddress));
        } catch (RegistryException refused) {
            // a throttled sign-in is not a wrong password: the console tells the operator how long to wait
            if (refused.reason() == RegistryException.Reason.TOO_MANY_REQUESTS) throw refused;
            return Optional.empty();
        }
    }

    /**
     * A signed-in console operator with its ICDs as they are now (read on every request, like a write's): empty when
     * the user was removed since it signed in.
     */
    public Optional<Operator> current(String name, String clientAddress) throws SQLException {
        return users.icds(name).map(icds -> new Operator(name, icds, clientAddress));
    }

    private Operator check(String name, char[] password, String clientAddress) throws RegistryException, SQLException {
        LoginThrottle.Wait wait = throttle.check(name, clientAddress);
        if (wait != null) {
            throw RegistryException.tooManyRequests(wait.why() + "; retry in " + wait.seconds() + " s", wait.seconds());
        }
        Optional<String> user = users.authenticate(name, password);
        if (user.isEmpty()) throw refused(name, clientAddress, "unknown user or wrong password");
        throttle.succeeded(name, clientAddress);
        // Read on every write, not remembered with the password: a changed scope or a removed user applies at once.
        IcdScope icds = users.icds(name)
                .orElseThrow(() ->
                        new RegistryException(RegistryException.Reason.UNAUTHORIZED, "unknown user or wrong password"));
        return new Operator(name, icds, clientAddress);
    }

    private RegistryException refused(String claimedUser, String clientAddress, String why) throws SQLException {
        boolean nowThrottled = throttle.failed(claimedUser, clientAddress);
        audit.append(new AuditEvent(
                claimedUser.isBlank() ? UNREADABLE : claimedUser,
                "login.refused",
                claimedUser,
                why + (nowThrottled ? "; further logins for this user or from this address wait" : ""),
                clientAddress));
        return new RegistryException(RegistryException.Reason.UNAUTHORIZED, why);
    }
}
