package org.silkgate.smp.store;

import java.util.List;

/** One participant as the directory lists it. */
public record DirectoryEntry(
        String participantId, String scheme, String value, String name, String country, List<String> documentTypes) {}
