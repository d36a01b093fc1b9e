package org.silkgate.ap.journal;

public enum Direction {
    OUTBOUND,
    INBOUND
}
