package org.silkgate.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The console's cookies, written as headers so that every attribute is explicit: always {@code Secure},
 * {@code SameSite=Strict} (no other site can make a browser send them) and, for secrets, {@code HttpOnly}.
 */
public final class Cookies {
    private Cookies() {}

    /** A cookie for this browser session only (no expiry: closing the browser ends it). */
    public static void set(HttpServletResponse response, String name, String value, boolean httpOnly) {
        response.addHeader("Set-Cookie", header(name, value, httpOnly));
    }

    public static void setFor(HttpServletResponse response, String name, String value, Duration lifetime) {
        response.addHeader("Set-Cookie", header(name, value, false) + "; Max-Age=" + lifetime.toSeconds());
    }

    public static void clear(HttpServletResponse response, String name) {
        response.addHeader("Set-Cookie", header(name, "", true) + "; Max-Age=0");
    }

    public static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return Optional.empty();
        return Arrays.stream(cookies)
                .filter(c -> c.getName().equals(name))
                .map(Cookie::getValue)
                .findFirst();
    }

    private static String header(String name, String value, boolean httpOnly) {
        return name + "=" + value + "; Path=/; Secure; SameSite=Strict" + (httpOnly ? "; HttpOnly" : "");
    }
}
