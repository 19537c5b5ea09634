-- What each file of a change set replaces: 'sha256:' and the hex SHA-256 of the live text when the file entered the
-- change set (refreshed by a rebase), or 'absent' when there was no such file. A change set holds whole files, so if
-- the live text is no longer what it replaced, going live would undo a change nobody approved undoing: activation is
-- refused and a rebase puts it back in DRAFT. Scenario files are covered too, which base_version (the rule files'
-- version) is not. NULL: written before this column existed; such files fall back to the base-version check.
ALTER TABLE change_set_file ADD COLUMN replaces VARCHAR(80);
