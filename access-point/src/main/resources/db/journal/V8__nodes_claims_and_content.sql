-- Several processes (nodes) of one access point may share this journal (PostgreSQL). Each run of a node heartbeats
-- its row; a run whose heartbeat is older than the liveness window, or replaced by a newer run of the same node, or
-- stopped, is gone, and what it had pending is adopted by a live one.
CREATE TABLE ap_node (
    node          VARCHAR(100)   NOT NULL PRIMARY KEY,
    run_id        VARCHAR(64)    NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at    TIMESTAMP WITH TIME ZONE
);

-- The run responsible for a pending message (it queued it, or adopted it), and the run sending or delivering it now.
ALTER TABLE message ADD COLUMN owner_run VARCHAR(64);
ALTER TABLE message ADD COLUMN claimed_by VARCHAR(64);

-- Payloads, receipts and validation reports when the nodes share them through this database (payload store
-- "database"): every node reads what any node stored.
CREATE TABLE message_content (
    direction   VARCHAR(8)     NOT NULL,
    message_id  VARCHAR(255)   NOT NULL,
    kind        VARCHAR(20)    NOT NULL,
    content     BYTEA          NOT NULL,
    PRIMARY KEY (direction, message_id, kind)
);
