-- Governed rule changes (io.positionpolicy.governance): change sets, their files and their hash-chained history.

-- A named draft of edits to several rule and scenario files, laid over base_version; it moves DRAFT -> PROPOSED ->
-- APPROVED -> ACTIVE (or REJECTED / WITHDRAWN / FAILED). row_version guards every transition against a concurrent one.
CREATE TABLE change_set (
    id                VARCHAR(36)                 NOT NULL PRIMARY KEY,
    title             VARCHAR(200)                NOT NULL,
    description       TEXT                        NOT NULL,
    author            VARCHAR(200)                NOT NULL,
    kind              VARCHAR(20)                 NOT NULL,
    base_version      VARCHAR(80),
    state             VARCHAR(20)                 NOT NULL,
    activate_at       TIMESTAMP(6) WITH TIME ZONE,
    validated_digest  VARCHAR(80),
    validation_json   TEXT,
    impact_json       TEXT,
    backtest_id       VARCHAR(64),
    activated_version VARCHAR(80),
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_version       BIGINT                      NOT NULL
);
CREATE INDEX ix_change_set_state ON change_set (state, activate_at);

-- The change set's files: the whole new text of each file it changes; content NULL deletes the file.
CREATE TABLE change_set_file (
    change_set_id VARCHAR(36)  NOT NULL,
    path          VARCHAR(500) NOT NULL,
    content       TEXT,
    PRIMARY KEY (change_set_id, path)
);

-- Every transition of every change set (who, when, what, why), one chain for the whole store: hash = SHA-256 over
-- the row's canonical encoding including prev_hash, so a changed, removed or inserted event is detected.
CREATE TABLE change_set_event (
    seq           BIGINT                      NOT NULL PRIMARY KEY,
    change_set_id VARCHAR(36)                 NOT NULL,
    at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    principal     VARCHAR(200)                NOT NULL,
    action        VARCHAR(40)                 NOT NULL,
    from_state    VARCHAR(20),
    to_state      VARCHAR(20)                 NOT NULL,
    comment       TEXT                        NOT NULL,
    detail        TEXT                        NOT NULL,
    prev_hash     CHAR(64)                    NOT NULL,
    hash          CHAR(64)                    NOT NULL
);
CREATE INDEX ix_change_set_event ON change_set_event (change_set_id, seq);

-- The head of the event chain; a transition locks it (SELECT ... FOR UPDATE), so replicas append one at a time.
CREATE TABLE change_set_chain_head (
    id        INT      NOT NULL PRIMARY KEY,
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO change_set_chain_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
