-- Running several replicas on one database (policy.rules.source=database). One schema for PostgreSQL and H2.

-- The scenario files (rules/tests/*.yaml) of each stored rule-set version; the DRL files are in ruleset_file.
CREATE TABLE ruleset_scenario (
    version VARCHAR(80)   NOT NULL,
    path    VARCHAR(1000) NOT NULL,
    content TEXT          NOT NULL,
    PRIMARY KEY (version, path)
);

-- The one active rule-set version of the whole cluster: a single row, changed in one transaction per activation.
-- seq counts activations, so a replica sees a re-activation of an earlier version as a change too.
CREATE TABLE cluster_ruleset (
    id           INT                         NOT NULL PRIMARY KEY,
    version      VARCHAR(80),
    seq          BIGINT                      NOT NULL,
    activated_at TIMESTAMP(6) WITH TIME ZONE,
    principal    VARCHAR(200)
);
INSERT INTO cluster_ruleset (id, version, seq) VALUES (1, NULL, 0);

-- One heartbeat row per replica: what it serves, its last load attempt, when it started and was last seen.
CREATE TABLE cluster_instance (
    instance_id      VARCHAR(200)                NOT NULL PRIMARY KEY,
    address          VARCHAR(300)                NOT NULL,
    serving_version  VARCHAR(80),
    last_attempt     VARCHAR(300),
    last_errors      TEXT,
    started_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen        TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- The users of HTTP Basic when they live in the database (one set for every replica).
CREATE TABLE app_user (
    name          VARCHAR(64)                 NOT NULL PRIMARY KEY,
    password_hash VARCHAR(100)                NOT NULL,
    roles         VARCHAR(200)                NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Backtest jobs and their results, readable through any replica; instance_id runs the job.
CREATE TABLE backtest_job (
    id               VARCHAR(40)                 NOT NULL PRIMARY KEY,
    instance_id      VARCHAR(200)                NOT NULL,
    source           VARCHAR(1000),
    principal        VARCHAR(200)                NOT NULL,
    status           VARCHAR(16)                 NOT NULL,
    progress         DOUBLE PRECISION            NOT NULL,
    cancel_requested BOOLEAN                     NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP(6) WITH TIME ZONE,
    error            TEXT,
    result_json      TEXT
);
CREATE INDEX ix_backtest_job_created ON backtest_job (created_at);
