-- One row the readiness probe rewrites: /readyz answers ready only while the database accepts writes (a full disk,
-- a read-only standby after a failover or a revoked grant read fine and fail every save).
CREATE TABLE readiness_probe (id smallint PRIMARY KEY CHECK (id = 1));
INSERT INTO readiness_probe (id) VALUES (1);
