-- What the Peppol reports (TSR, EUSR) need of each message beyond its envelope, kept when it is journaled because it
-- cannot be recovered later: the end receiver's country (C4), the transport protocol, and this access point's id (the
-- sending service provider of a sent message, the receiving one of a received message; peer_ap is the other one).
-- Rows journaled before this version keep NULL here; the report reads NULL as "derive it" (C4 from the receiver's
-- ICD, the protocol as AS4 v2, the only one SilkGate speaks).
ALTER TABLE message ADD COLUMN country_c4 VARCHAR(2);
ALTER TABLE message ADD COLUMN transport_protocol VARCHAR(50);
ALTER TABLE message ADD COLUMN access_point VARCHAR(100);
