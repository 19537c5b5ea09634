-- The audit trail and the rule-set archive. One schema for PostgreSQL and for H2 (which runs in PostgreSQL mode).

-- One row per evaluation that reached the engine. JSON is kept as text, byte for byte what was received and answered,
-- because the hash chain covers it. Each instance appends to its own chain (chain_id, chain_seq 1, 2, 3 ...);
-- hash = SHA-256 over the row's canonical encoding including prev_hash, the previous row's hash in the chain.
CREATE TABLE audit_evaluation (
    id              CHAR(36)                    NOT NULL PRIMARY KEY,
    chain_id        VARCHAR(200)                NOT NULL,
    chain_seq       BIGINT                      NOT NULL,
    evaluated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    principal       VARCHAR(200)                NOT NULL,
    request_id      VARCHAR(200),
    account_id      VARCHAR(200),
    position_id     VARCHAR(200),
    symbol          VARCHAR(200),
    intent_type     VARCHAR(16),
    verdict         VARCHAR(16),
    ruleset_version VARCHAR(80)                 NOT NULL,
    duration_micros BIGINT                      NOT NULL,
    request_json    TEXT                        NOT NULL,
    response_json   TEXT                        NOT NULL,
    fired_rules     TEXT                        NOT NULL,
    violation_codes VARCHAR(2000)               NOT NULL,
    prev_hash       CHAR(64)                    NOT NULL,
    hash            CHAR(64)                    NOT NULL,
    CONSTRAINT uq_audit_chain UNIQUE (chain_id, chain_seq)
);

-- Newest first is ORDER BY id DESC (UUIDv7 ids are time-ordered); each filter has an index ending in id.
CREATE INDEX ix_audit_time ON audit_evaluation (evaluated_at, id);
CREATE INDEX ix_audit_account ON audit_evaluation (account_id, id);
CREATE INDEX ix_audit_position ON audit_evaluation (position_id, id);
CREATE INDEX ix_audit_symbol ON audit_evaluation (symbol, id);
CREATE INDEX ix_audit_verdict ON audit_evaluation (verdict, id);
CREATE INDEX ix_audit_ruleset ON audit_evaluation (ruleset_version, id);

-- Which rules fired and which violations were raised, one row each, for filtering and statistics. They repeat
-- fired_rules / violation_codes of the evaluation row, which the chain covers; verify checks they agree.
CREATE TABLE audit_fired_rule (
    evaluation_id CHAR(36)     NOT NULL,
    ordinal       INT          NOT NULL,
    rule_name     VARCHAR(500) NOT NULL,
    PRIMARY KEY (evaluation_id, ordinal)
);
CREATE INDEX ix_fired_rule_name ON audit_fired_rule (rule_name, evaluation_id);

CREATE TABLE audit_violation (
    evaluation_id CHAR(36)     NOT NULL,
    ordinal       INT          NOT NULL,
    code          VARCHAR(100) NOT NULL,
    PRIMARY KEY (evaluation_id, ordinal)
);
CREATE INDEX ix_violation_code ON audit_violation (code, evaluation_id);

-- The head of each chain, written in the same transaction as its rows: deleting the newest rows of a chain leaves
-- the head pointing past the end, which verify reports.
CREATE TABLE audit_chain_head (
    chain_id   VARCHAR(200)                NOT NULL PRIMARY KEY,
    last_seq   BIGINT                      NOT NULL,
    last_hash  CHAR(64)                    NOT NULL,
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Every rule set that was ever active, with the full text of each file, and every activation.
CREATE TABLE ruleset (
    version            VARCHAR(80)                 NOT NULL PRIMARY KEY,
    first_activated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    file_count         INT                         NOT NULL
);

CREATE TABLE ruleset_file (
    version VARCHAR(80)   NOT NULL,
    path    VARCHAR(1000) NOT NULL,
    content TEXT          NOT NULL,
    PRIMARY KEY (version, path)
);

CREATE TABLE ruleset_activation (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version      VARCHAR(80)                 NOT NULL,
    activated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    trigger_kind VARCHAR(40)                 NOT NULL,
    principal    VARCHAR(200)                NOT NULL,
    instance_id  VARCHAR(200)                NOT NULL
);
CREATE INDEX ix_ruleset_activation_version ON ruleset_activation (version, activated_at);
