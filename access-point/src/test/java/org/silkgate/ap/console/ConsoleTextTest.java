package org.silkgate.ap.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.Html;

/** Every console text exists in English, Russian and Chinese, and the language is chosen as the switch promises. */
class ConsoleTextTest {
    @Test
    void russianAndChineseHaveExactlyTheKeysOfEnglishAndTranslateThem() throws IOException {
        Properties english = load("text.properties");
        for (String language : Set.of("ru", "zh")) {
            Properties translated = load("text_" + language + ".properties");
            assertEquals(
                    new TreeSet<>(english.stringPropertyNames()),
                    new TreeSet<>(translated.stringPropertyNames()),
                    language);
            assertNotEquals(english.getProperty("nav.messages"), translated.getProperty("nav.messages"));
        }
        assertEquals(
                "Сообщения", ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "ru").get("nav.messages"));
        assertEquals("消息", ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "zh").get("nav.messages"));
    }

    @Test
    void theParameterBeatsTheCookieWhichBeatsTheBrowserAndAnythingElseIsEnglish() {
        assertEquals("zh", ConsoleText.choose(Optional.of("zh"), Optional.of("ru"), Optional.of("en")));
        assertEquals("ru", ConsoleText.choose(Optional.of("xx"), Optional.of("ru"), Optional.of("zh")));
        assertEquals("ru", ConsoleText.choose(Optional.empty(), Optional.empty(), Optional.of("de-DE,ru;q=0.8")));
        assertEquals("en", ConsoleText.choose(Optional.empty(), Optional.empty(), Optional.of("de;;;q=x")));
        assertEquals("en", ConsoleText.choose(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void datesAreWrittenTheWayEachLanguageWritesThemInUtc() {
        Instant at = Instant.parse("2026-12-03T16:05:00Z");
        assertTrue(
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "en").dateTime(at).contains("Dec"),
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "en").dateTime(at));
        assertTrue(
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "ru").dateTime(at).contains("дек"),
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "ru").dateTime(at));
        assertTrue(
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "zh").dateTime(at).contains("2026年12月3日"),
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "zh").dateTime(at));
        assertTrue(
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "zh").dateTime(at).endsWith("4:05:00 UTC"),
                ConsoleText.of(ConsoleServlet.TEXT_BUNDLE, "zh").dateTime(at));
    }

    @Test
    void htmlEscapingCoversTextAndQuotedAttributes() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", Html.escape("<script>&\"'"));
        assertEquals("a%26b%3Dc+d", Html.queryValue("a&b=c d"));
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ConsoleText.class.getResourceAsStream("/console/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
