package org.silkgate.validation;

/** FATAL makes a document invalid; WARNING and INFO do not. */
public enum Severity {
    FATAL,
    WARNING,
    INFO
}
