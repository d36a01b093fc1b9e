package org.silkgate.validation;

/**
 * The verdict on one document. NOT_XML covers input that is not well-formed, too large, carries a DTD or breaks a
 * parser limit; UNKNOWN_DOCUMENT_TYPE a document no specification of the network covers. The findings say which.
 */
public enum Outcome {
    VALID,
    INVALID,
    NOT_XML,
    UNKNOWN_DOCUMENT_TYPE
}
