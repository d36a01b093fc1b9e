package org.silkgate.schemas.xml;

/** Input that is not acceptable XML: not well-formed, too large, too deep, or carrying a DTD. The message names what. */
public class XmlInputException extends Exception {
    public enum Reason {
        NOT_WELL_FORMED,
        TOO_LARGE,
        DTD_FORBIDDEN,
        LIMIT_EXCEEDED,
        UNREADABLE
    }

    private final Reason reason;
    private final int line;
    private final int column;

    public XmlInputException(Reason reason, String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    public Reason reason() {
        return reason;
    }

    /** 1-based line of the problem, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or -1 when unknown. */
    public int column() {
        return column;
    }
}
