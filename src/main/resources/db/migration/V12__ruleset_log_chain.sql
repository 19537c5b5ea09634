-- Who activated which rule set, and who loaded, validated or saved one (refused saves too), become hash chains like
-- the change-set events: each row gets its place in its chain (chain_seq), the hash of the row before (prev_hash)
-- and its own hash (SHA-256 over the row's canonical encoding including prev_hash), so a changed, removed or
-- inserted row is detected by GET /api/v1/audit/verify. Appends lock the chain's head row (SELECT ... FOR UPDATE),
-- so replicas on one PostgreSQL append one at a time.
ALTER TABLE ruleset_activation ADD COLUMN chain_seq BIGINT;
ALTER TABLE ruleset_activation ADD COLUMN prev_hash CHAR(64);
ALTER TABLE ruleset_activation ADD COLUMN hash CHAR(64);
CREATE UNIQUE INDEX ux_ruleset_activation_chain ON ruleset_activation (chain_seq);

ALTER TABLE ruleset_operation ADD COLUMN chain_seq BIGINT;
ALTER TABLE ruleset_operation ADD COLUMN prev_hash CHAR(64);
ALTER TABLE ruleset_operation ADD COLUMN hash CHAR(64);
CREATE UNIQUE INDEX ux_ruleset_operation_chain ON ruleset_operation (chain_seq);

-- One head per chain ('activation', 'operation'). Rows written before this migration (id <= recorded_before_id) are
-- sealed into the chain once, right after this migration, when the store is opened (sealed_at, sealed_rows), in Java,
-- since PostgreSQL and H2 share no SQL for SHA-256 over the canonical encoding. A row left without a chain_seq
-- after that (a replica of an older version still running, or an INSERT outside the service) is reported by verify.
CREATE TABLE ruleset_chain_head (
    chain              VARCHAR(20)                 NOT NULL PRIMARY KEY,
    last_seq           BIGINT                      NOT NULL,
    last_hash          CHAR(64)                    NOT NULL,
    recorded_before_id BIGINT                      NOT NULL,
    sealed_at          TIMESTAMP(6) WITH TIME ZONE,
    sealed_rows        BIGINT                      NOT NULL
);
INSERT INTO ruleset_chain_head (chain, last_seq, last_hash, recorded_before_id, sealed_rows)
    SELECT 'activation', 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(id), 0), 0
    FROM ruleset_activation;
INSERT INTO ruleset_chain_head (chain, last_seq, last_hash, recorded_before_id, sealed_rows)
    SELECT 'operation', 0, '0000000000000000000000000000000000000000000000000000000000000000', coalesce(max(id), 0), 0
    FROM ruleset_operation;
