-- Trading controls: the trading state in force per scope, and every change to one, hash-chained.

-- One row per scope that is not ACTIVE. Keys not named by the scope are '' (not NULL), so the primary key holds.
CREATE TABLE trading_state (
    scope       VARCHAR(20)                 NOT NULL,
    account_id  VARCHAR(200)                NOT NULL,
    symbol      VARCHAR(200)                NOT NULL,
    state       VARCHAR(16)                 NOT NULL,
    reason      VARCHAR(2000)               NOT NULL,
    set_by      VARCHAR(200)                NOT NULL,
    set_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, account_id, symbol)
);

-- Every change, set or cleared, oldest first: who, when, why, where, the state before and after. seq is the change
-- counter replicas poll; hash = SHA-256 over the row's fields and prev_hash, the previous change's hash.
CREATE TABLE trading_state_change (
    seq         BIGINT                      NOT NULL PRIMARY KEY,
    changed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    principal   VARCHAR(200)                NOT NULL,
    instance_id VARCHAR(200)                NOT NULL,
    scope       VARCHAR(20)                 NOT NULL,
    account_id  VARCHAR(200)                NOT NULL,
    symbol      VARCHAR(200)                NOT NULL,
    old_state   VARCHAR(16)                 NOT NULL,
    new_state   VARCHAR(16)                 NOT NULL,
    reason      VARCHAR(2000)               NOT NULL,
    prev_hash   CHAR(64)                    NOT NULL,
    hash        CHAR(64)                    NOT NULL
);

-- The chain's head: one row, locked by each change so changes from all replicas form one chain.
CREATE TABLE trading_state_head (
    id        INT      NOT NULL PRIMARY KEY,
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO trading_state_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
