package org.silkgate.smp.http;

import jakarta.ws.rs.core.HttpHeaders;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import org.silkgate.smp.store.RegistryException;
import org.silkgate.smp.users.SmpUsers;

/** HTTP Basic authentication of registry writers against {@link SmpUsers}. */
public final class BasicAuth {
    static final String CHALLENGE = "Basic realm=\"SilkGate SMP\", charset=\"UTF-8\"";

    private final SmpUsers users;

    public BasicAuth(SmpUsers users) {
        this.users = users;
    }

    /** The authenticated user's name; a 401 refusal when credentials are missing or wrong. */
    String user(HttpHeaders headers) throws RegistryException, SQLException {
        String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "writes need HTTP Basic credentials");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "the Basic credentials are not valid Base64");
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(decoded));
        char[] all = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        Arrays.fill(decoded, (byte) 0);
        int colon = -1;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == ':') { colon = i; break; }
        }
        if (colon < 0) throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "the Basic credentials lack a ':'");
        String name = new String(all, 0, colon);
        char[] password = Arrays.copyOfRange(all, colon + 1, all.length);
        Arrays.fill(all, '\0');
        try {
            return users.authenticate(name, password)
                    .orElseThrow(() -> new RegistryException(RegistryException.Reason.UNAUTHORIZED, "unknown user or wrong password"));
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
