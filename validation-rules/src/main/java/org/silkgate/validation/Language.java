package org.silkgate.validation;

import java.util.Locale;

/** The languages SilkGate reports findings in. CAREC rules carry all three; Peppol rules only English. */
public enum Language {
    EN,
    RU,
    ZH;

    /** Parses "en", "ru" or "zh" (any case). */
    public static Language parse(String code) {
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown language '" + code + "': expected en, ru or zh");
        }
    }

    /** The lower-case code, as in {@code xml:lang}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
