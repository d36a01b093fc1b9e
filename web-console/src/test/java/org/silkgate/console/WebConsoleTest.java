package org.silkgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared frame, text bundles, sessions and escaping, with a console bundle of the test's own. */
class WebConsoleTest {
    private static final String BUNDLE = "testconsole.text";

    @Test
    void theFrameEscapesItsValuesNamesEachLanguageInItsOwnWordsAndCarriesTheCsrfToken() {
        ConsolePage page = new ConsolePage(
                ConsoleText.of(BUNDLE, "ru"),
                "smp<1>",
                "/console/x?a=1",
                Optional.of("tok\"en"),
                List.of(new ConsolePage.NavLink("/console/", "nav.home", Optional.of("nav-home"))));
        String html = page.render("page.title", "<p>body</p>");
        assertTrue(html.startsWith("<!DOCTYPE html><html lang=\"ru\">"), html);
        assertTrue(html.contains("SilkGate · smp&lt;1&gt;"), html);
        assertTrue(html.contains("<a id=\"nav-home\" href=\"/console/\">Главная</a>"), html);
        assertTrue(html.contains("href=\"/console/x?a=1&amp;lang=zh\">中文</a>"), html);
        assertTrue(
                html.contains("lang=\"ru\" href=\"/console/x?a=1&amp;lang=ru\" aria-current=\"true\">Русский"), html);
        assertTrue(html.contains("name=\"csrf\" value=\"tok&quot;en\""), html);
        assertTrue(html.contains("<h1>Заголовок</h1><p>body</p>"), html);
        String signedOut = new ConsolePage(
                        ConsoleText.of(BUNDLE, "en"), "smp", "/console/signin", Optional.empty(), List.of())
                .render("page.title", "");
        assertFalse(signedOut.contains("<nav"), signedOut);
        assertFalse(signedOut.contains("csrf"), signedOut);
        assertTrue(signedOut.contains("<h1>Title &lt;&amp;&gt;</h1>"), signedOut);
    }

    @Test
    void anUnsupportedLanguageIsEnglishAndTheParameterBeatsCookieAndBrowser() {
        assertEquals("en", ConsoleText.of(BUNDLE, "de").language());
        assertEquals("Home", ConsoleText.of(BUNDLE, "de").get("nav.home"));
        assertEquals("zh", ConsoleText.choose(Optional.of("zh"), Optional.of("ru"), Optional.of("en")));
        assertEquals("ru", ConsoleText.choose(Optional.empty(), Optional.empty(), Optional.of("de-DE,ru;q=0.8")));
    }

    @Test
    void aSessionEndsAfterItsIdleTimeAndAtSignOutAndChecksItsCsrfToken() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        ConsoleSessions sessions = new ConsoleSessions(Duration.ofMinutes(30), clock);
        ConsoleSessions.Session session = sessions.open("kz-operator");
        assertTrue(session.csrfMatches(session.csrfToken()));
        assertFalse(session.csrfMatches(null));
        assertFalse(session.csrfMatches(session.csrfToken() + "x"));
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertEquals("kz-operator", sessions.touch(session.id()).orElseThrow().operator());
        clock.now = clock.now.plus(Duration.ofMinutes(29)); // idle time restarted by the touch
        assertTrue(sessions.touch(session.id()).isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertTrue(sessions.touch(session.id()).isEmpty());
        ConsoleSessions.Session other = sessions.open("kg-operator");
        sessions.close(other.id());
        assertTrue(sessions.touch(other.id()).isEmpty());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
