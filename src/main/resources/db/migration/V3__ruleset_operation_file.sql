-- A refused save is recorded as such (trigger 'save', outcome 'refused') with the file it would have written.
ALTER TABLE ruleset_operation ADD COLUMN file_path VARCHAR(1000);
