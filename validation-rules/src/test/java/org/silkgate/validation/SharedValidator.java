package org.silkgate.validation;

/** One network validator per test JVM: creating one compiles every rule set, which takes seconds. */
public final class SharedValidator {
    private static DocumentValidator validator;

    private SharedValidator() {}

    public static synchronized DocumentValidator get() {
        if (validator == null) validator = DocumentValidator.create();
        return validator;
    }
}
