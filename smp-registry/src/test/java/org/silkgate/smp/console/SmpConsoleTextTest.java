package org.silkgate.smp.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.silkgate.console.ConsoleText;

/** Every text of the SMP console exists in English, Russian and Chinese. */
class SmpConsoleTextTest {
    @Test
    void russianAndChineseHaveExactlyTheKeysOfEnglishAndTranslateThem() throws IOException {
        Properties english = load("text.properties");
        for (String language : Set.of("ru", "zh")) {
            Properties translated = load("text_" + language + ".properties");
            assertEquals(
                    new TreeSet<>(english.stringPropertyNames()),
                    new TreeSet<>(translated.stringPropertyNames()),
                    language);
            for (String key : english.stringPropertyNames()) {
                if (key.equals("participant.notSet")) continue;
                assertNotEquals(english.getProperty(key), translated.getProperty(key), language + " " + key);
            }
        }
        assertEquals(
                "Участники", ConsoleText.of(SmpConsoleServlet.TEXT_BUNDLE, "ru").get("nav.participants"));
        assertEquals("参与方", ConsoleText.of(SmpConsoleServlet.TEXT_BUNDLE, "zh").get("nav.participants"));
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SmpConsoleTextTest.class.getResourceAsStream("/smpconsole/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
