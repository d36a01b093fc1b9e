-- SilkGate SMP registry. One script for H2 and PostgreSQL: only types and syntax both understand.

CREATE TABLE smp_user (
    name          VARCHAR(100) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(300) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- participant_key is scheme::value in comparison form (iso6523 values lower-cased).
CREATE TABLE participant (
    participant_key VARCHAR(100) NOT NULL PRIMARY KEY,
    scheme          VARCHAR(25)  NOT NULL,
    id_value        VARCHAR(50)  NOT NULL,
    owner_name      VARCHAR(100) NOT NULL REFERENCES smp_user (name),
    display_name    VARCHAR(500),
    display_name_lc VARCHAR(500),
    country         VARCHAR(2),
    extension_xml   VARCHAR(65536),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX participant_country ON participant (country);

-- The signed documents are stored exactly as they were signed and served byte for byte.
CREATE TABLE service_metadata (
    participant_key VARCHAR(100) NOT NULL REFERENCES participant (participant_key) ON DELETE CASCADE,
    document_key    VARCHAR(600) NOT NULL,
    doc_scheme      VARCHAR(25)  NOT NULL,
    doc_value       VARCHAR(500) NOT NULL,
    peppol_signed   BYTEA        NOT NULL,
    bdxr_signed     BYTEA,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (participant_key, document_key)
);
