-- The fired rules' names move from a row each (audit_fired_rule, with two indexes) into one column of the
-- evaluation row: each rule name on a line of its own, in firing order. The order path then writes one row per
-- evaluation instead of one more per fired rule (about fifteen), and the group commit serialises far fewer pages.
-- The rule filter (any part of a name, which no index served) reads rule_names; the statistics sum it. It repeats
-- the names in fired_rules, which the hash chain covers; verify checks they agree. Violations stay a row each
-- (audit_violation): they are few, and the violation filter, an exact code, keeps its index.
ALTER TABLE audit_evaluation ADD COLUMN rule_names TEXT;

UPDATE audit_evaluation e SET rule_names = coalesce((
    SELECT string_agg(f.rule_name, chr(10) ORDER BY f.ordinal) FROM audit_fired_rule f WHERE f.evaluation_id = e.id),
    '');

ALTER TABLE audit_evaluation ALTER COLUMN rule_names SET NOT NULL;

DROP TABLE audit_fired_rule;
