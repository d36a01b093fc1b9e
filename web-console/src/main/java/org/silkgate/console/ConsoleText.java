package org.silkgate.console;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * A console's words in one language: English, Russian or Chinese, from the console's own bundle of
 * {@code .properties} files (UTF-8, e.g. {@code console/text*.properties} for base name {@code console.text}), with
 * dates and numbers formatted the way that language writes them. Times are shown in UTC, as the servers keep them.
 */
public final class ConsoleText {
    public static final List<String> LANGUAGES = List.of("en", "ru", "zh");

    // no fallback to the JVM's locale: a server running in a Russian locale still shows English to whoever asks for it
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String bundleName;
    private final String language;
    private final Locale locale;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;

    private ConsoleText(String bundleName, String language) {
        this.bundleName = bundleName;
        this.language = language;
        this.locale = Locale.forLanguageTag(language);
        this.bundle = ResourceBundle.getBundle(bundleName, locale, NO_FALLBACK);
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(ZoneOffset.UTC);
    }

    /** @param bundleName the console's bundle, e.g. {@code console.text}; an unsupported language is English */
    public static ConsoleText of(String bundleName, String language) {
        return new ConsoleText(bundleName, LANGUAGES.contains(language) ? language : "en");
    }

    /** The same console's words in another language (the language switch names each language in its own words). */
    public ConsoleText in(String otherLanguage) {
        return of(bundleName, otherLanguage);
    }

    /**
     * The language asked for: the {@code lang} parameter, else the cookie the switch set, else the browser's first
     * supported one, else English.
     */
    public static String choose(Optional<String> parameter, Optional<String> cookie, Optional<String> acceptLanguage) {
        if (parameter.filter(LANGUAGES::contains).isPresent()) return parameter.get();
        if (cookie.filter(LANGUAGES::contains).isPresent()) return cookie.get();
        if (acceptLanguage.isPresent()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage.get())) {
                    String wanted = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (LANGUAGES.contains(wanted)) return wanted;
                }
            } catch (IllegalArgumentException malformed) {
                return "en";
            }
        }
        return "en";
    }

    public String language() {
        return language;
    }

    /** The words under {@code key}; a missing key fails loudly, so a test of each page finds it. */
    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("console text " + key + " is missing for language " + language, e);
        }
    }

    /** The words under {@code key} with {@code {0}}, {@code {1}}… filled in. */
    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), locale).format(arguments);
    }

    public String dateTime(Instant instant) {
        return dateTime.format(instant) + " UTC";
    }

    public String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }
}
