-- Every message in both directions, keyed by direction and AS4 MessageId (an AP may send to itself).
CREATE TABLE message (
    direction        VARCHAR(8)     NOT NULL,
    message_id       VARCHAR(255)   NOT NULL,
    sbdh_instance_id VARCHAR(255),
    sender           VARCHAR(255)   NOT NULL,
    receiver         VARCHAR(255)   NOT NULL,
    document_type    VARCHAR(1000)  NOT NULL,
    process          VARCHAR(500)   NOT NULL,
    country_c1       VARCHAR(2),
    peer_ap          VARCHAR(100),
    document_size    BIGINT         NOT NULL,
    sbdh_size        BIGINT         NOT NULL,
    sha256           VARCHAR(64)    NOT NULL,
    state            VARCHAR(20)    NOT NULL,
    reason           VARCHAR(4000),
    attempts         INTEGER        NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (direction, message_id)
);
CREATE INDEX message_state_due ON message (state, next_attempt_at);
CREATE INDEX message_sender ON message (sender);
CREATE INDEX message_receiver ON message (receiver);
CREATE INDEX message_created ON message (created_at);

-- Each state change with its time: the message's history.
CREATE TABLE message_state_change (
    direction   VARCHAR(8)    NOT NULL,
    message_id  VARCHAR(255)  NOT NULL,
    state       VARCHAR(20)   NOT NULL,
    reason      VARCHAR(4000),
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    FOREIGN KEY (direction, message_id) REFERENCES message (direction, message_id)
);
CREATE INDEX message_state_change_message ON message_state_change (direction, message_id);
