-- The fired rules' names move from a row each (audit_fired_rule, with two indexes) into one column of the
-- evaluation row: each rule name on a line of its own, in firing order. The order path then writes one row per
-- evaluation instead of one per fired rule and violation, and the group commit serialises a fraction of the pages.
-- The filters read rule_names (a rule by part of its name) and violation_codes (a code, already in the row) instead
-- of joining. rule_names repeats the names in fired_rules, which the hash chain covers; verify checks they agree.
ALTER TABLE audit_evaluation ADD COLUMN rule_names TEXT;

UPDATE audit_evaluation e SET rule_names = coalesce((
    SELECT string_agg(f.rule_name, chr(10) ORDER BY f.ordinal) FROM audit_fired_rule f WHERE f.evaluation_id = e.id),
    '');

ALTER TABLE audit_evaluation ALTER COLUMN rule_names SET NOT NULL;

-- violation_codes (codes separated by single spaces) is part of the hashed row: its copy as rows goes too.
DROP TABLE audit_fired_rule;
DROP TABLE audit_violation;
