-- Stands for a server's own schema, migrated before the audit tables join it.
CREATE TABLE server_owned (id INTEGER NOT NULL PRIMARY KEY);
