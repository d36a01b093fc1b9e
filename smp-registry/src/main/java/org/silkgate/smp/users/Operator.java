package org.silkgate.smp.users;

/** An authenticated writer: its user name, the ICDs it may write under, and the client address it came from. */
public record Operator(String name, IcdScope icds, String clientAddress) {}
