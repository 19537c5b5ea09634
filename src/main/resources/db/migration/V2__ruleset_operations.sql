-- Every attempt to load or validate a rule set, whoever made it: reloads from start-up, the file watcher or the API
-- (activated, unchanged or rejected) and validations of candidate files, with the caller and the problems found.
CREATE TABLE ruleset_operation (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    trigger_kind VARCHAR(40)                NOT NULL,
    principal   VARCHAR(200)                NOT NULL,
    instance_id VARCHAR(200)                NOT NULL,
    outcome     VARCHAR(16)                 NOT NULL,
    version     VARCHAR(80),
    file_count  INT                         NOT NULL,
    problems    TEXT                        NOT NULL
);
CREATE INDEX ix_ruleset_operation_at ON ruleset_operation (at, id);
