-- Operators who sign in to the console: a salted PBKDF2 hash of the password, never the password.
CREATE TABLE console_operator (
    name           VARCHAR(100)   NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(400)   NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
