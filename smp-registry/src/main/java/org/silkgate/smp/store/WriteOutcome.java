package org.silkgate.smp.store;

/** Whether a PUT created a resource (201) or replaced one (200). */
public enum WriteOutcome {
    CREATED,
    UPDATED
}
