-- Peppol Message Level Status. On a received message: the status its sender asked for (the SBDH's MLS_TO and
-- MLS_TYPE), so that it can be sent once the message is delivered. On a sent message: the status that came back and
-- the MessageId of the MLS that carried it. On a received MLS that names no message sent from here: 'unmatched'.
ALTER TABLE message ADD COLUMN mls_to VARCHAR(255);
ALTER TABLE message ADD COLUMN mls_type VARCHAR(20);
ALTER TABLE message ADD COLUMN mls_status VARCHAR(20);
ALTER TABLE message ADD COLUMN mls_message_id VARCHAR(255);
CREATE INDEX message_sbdh_instance ON message (sbdh_instance_id);
