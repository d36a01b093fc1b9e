-- SilkGate audit log. One script for H2 and PostgreSQL: only types and syntax both understand.

-- The one row every append locks (SELECT ... FOR UPDATE): appends are serialised across threads and across
-- processes sharing the database, and the head also records how long the chain is, so deleting the newest
-- entries shows too.
CREATE TABLE audit_chain_head (
    id        SMALLINT    NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- entry_hash = SHA-256 of prev_hash and the entry's canonical content (see AuditLog), hex.
CREATE TABLE audit_log (
    seq            BIGINT                   NOT NULL PRIMARY KEY,
    logged_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          VARCHAR(200)             NOT NULL,
    action         VARCHAR(100)             NOT NULL,
    subject        VARCHAR(1000),
    detail         VARCHAR(4000),
    client_address VARCHAR(100),
    prev_hash      VARCHAR(64)              NOT NULL,
    entry_hash     VARCHAR(64)              NOT NULL
);
