-- A refused save is recorded as such (trigger 'save', outcome 'refused') with the file it would have written.
ALTER TABLE ruleset_operation ADD COLUMN file_path VARCHAR(1000);
-- Which rule set a stored backtest job ran (active, archived or candidate, and its version).
ALTER TABLE backtest_job ADD COLUMN ruleset_kind VARCHAR(20);
ALTER TABLE backtest_job ADD COLUMN ruleset_version VARCHAR(80);
