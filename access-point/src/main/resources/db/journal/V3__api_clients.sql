-- Back-office API clients: a token (kept as its SHA-256 only) and the participants the client may act for.
CREATE TABLE api_client (
    name          VARCHAR(100)   NOT NULL PRIMARY KEY,
    token_sha256  VARCHAR(64)    NOT NULL UNIQUE,
    participants  VARCHAR(4000)  NOT NULL,
    operator      BOOLEAN        NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
