package org.silkgate.smp.store;

import org.silkgate.smp.identifier.SmpIdentifier;

/** The signed documents for one participant and document type: Peppol SMP 1.x and, if convertible, OASIS BDXR 1.0. */
public record MetadataRecord(
        SmpIdentifier participant, SmpIdentifier documentType, byte[] peppolSigned, byte[] bdxrSigned) {}
