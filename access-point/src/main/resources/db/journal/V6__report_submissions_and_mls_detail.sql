-- The Peppol reports (TSR, EUSR) this access point has handed to its own outbound path, one row per month and report:
-- the monthly schedule sends each once, across restarts. The message itself is journaled like any other.
CREATE TABLE report_submission (
    report_month  VARCHAR(7)    NOT NULL,
    report        VARCHAR(8)    NOT NULL,
    message_id    VARCHAR(255)  NOT NULL,
    submitted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (report_month, report)
);

-- On a sent message: what the Message Level Status that came back says beyond its code, each issue as its reason
-- code and description ("BV [CAREC-TND-R009] …; FD …"), so that a rejection names its rule without opening the MLS.
ALTER TABLE message ADD COLUMN mls_detail VARCHAR(4000);
