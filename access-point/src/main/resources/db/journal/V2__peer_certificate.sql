-- The SHA-256 fingerprint of the peer access point's certificate: who sent a received message, so that a MessageId
-- is bound to its sender and another access point cannot take it over.
ALTER TABLE message ADD COLUMN peer_certificate VARCHAR(64);
