package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.smp.RawHttp.Reply;

/**
 * Failed logins are throttled per user name and per client address, over real HTTP from several loopback
 * addresses. Each test uses its own users and source addresses, so the counts of one test do not reach another.
 */
class SmpLoginThrottlingTest {
    private static final int PER_USER = 3;
    private static final int PER_ADDRESS = 5;
    private static final char[] PASSWORD = "right-password".toCharArray();
    private static final char[] WRONG = "wrong-password".toCharArray();

    @TempDir
    static Path data;

    static SmpServer server;
    static RawHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore())
                .withThrottling(new org.silkgate.security.login.LoginThrottle.Limits(
                        PER_USER, PER_ADDRESS, Duration.ofMinutes(15))));
        for (String user : new String[] {"alma", "bota", "chingiz", "dana", "erlan"})
            server.users().add(user, PASSWORD);
        http = new RawHttp(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void afterTheAllowedFailuresForAUserEvenTheRightPasswordWaits429WithRetryAfter() throws Exception {
        for (int i = 0; i < PER_USER; i++)
            assertEquals(
                    401, write("127.0.0.11", "9971:100000001", "alma", WRONG).status());

        Reply throttled = write("127.0.0.11", "9971:100000001", "alma", PASSWORD);
        assertEquals(429, throttled.status());
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertTrue(throttled.body().contains("too many failed logins for user 'alma'"), throttled.body());
        assertEquals(
                429,
                write("127.0.0.12", "9971:100000001", "alma", PASSWORD).status(),
                "the user is throttled from anywhere");
        assertEquals(
                404, http.get(SmpRegistryContract.groupPath("9971:100000001")).status(), "nothing was stored");
    }

    @Test
    void aSuccessfulLoginFromOneAddressDoesNotResetTheUsersFailuresFromAnother() throws Exception {
        assertEquals(401, write("127.0.0.21", "9971:100000002", "bota", WRONG).status());
        assertEquals(401, write("127.0.0.21", "9971:100000002", "bota", WRONG).status());
        assertEquals(
                201, write("127.0.0.22", "9971:100000002", "bota", PASSWORD).status());
        assertEquals(401, write("127.0.0.21", "9971:100000002", "bota", WRONG).status());

        assertEquals(
                429,
                write("127.0.0.22", "9971:100000002", "bota", PASSWORD).status(),
                "three failures from .21 count although bota logged in from .22 in between");
    }

    @Test
    void aSuccessfulLoginForgetsThatUsersFailuresFromTheSameAddress() throws Exception {
        assertEquals(
                401, write("127.0.0.31", "9971:100000003", "chingiz", WRONG).status());
        assertEquals(
                401, write("127.0.0.31", "9971:100000003", "chingiz", WRONG).status());
        assertEquals(
                201, write("127.0.0.31", "9971:100000003", "chingiz", PASSWORD).status());
        assertEquals(
                401, write("127.0.0.31", "9971:100000003", "chingiz", WRONG).status());
        assertEquals(
                401, write("127.0.0.31", "9971:100000003", "chingiz", WRONG).status());

        assertEquals(
                200, write("127.0.0.31", "9971:100000003", "chingiz", PASSWORD).status());
    }

    @Test
    void oneAddressTryingManyUserNamesIsThrottledAndAnotherUsersSuccessDoesNotResetIt() throws Exception {
        for (int i = 0; i < PER_ADDRESS - 1; i++) {
            assertEquals(
                    401,
                    write("127.0.0.41", "9971:100000004", "guess-" + i, WRONG).status());
        }
        assertEquals(
                201, write("127.0.0.42", "9971:100000004", "dana", PASSWORD).status());
        assertEquals(
                401, write("127.0.0.41", "9971:100000004", "guess-last", WRONG).status());

        Reply throttled = write("127.0.0.41", "9971:100000005", "erlan", PASSWORD);
        assertEquals(
                429,
                throttled.status(),
                "even a right password waits from the address that failed " + PER_ADDRESS + " times");
        assertTrue(throttled.body().contains("too many failed logins from 127.0.0.41"), throttled.body());
        assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
        assertEquals(
                201,
                write("127.0.0.43", "9971:100000005", "erlan", PASSWORD).status(),
                "other addresses are not affected");
    }

    private static Reply write(String from, String participant, String user, char[] password) throws Exception {
        return http.put(
                from,
                SmpRegistryContract.groupPath(participant),
                SmpBodies.serviceGroup(participant, "Tashkent Textiles", "UZ"),
                user,
                password);
    }
}
