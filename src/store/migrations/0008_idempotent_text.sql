-- C7: a replayed answer is the first answer byte for byte. The jsonb column reorders an object's
-- keys, so the answer is also kept as the text that was sent. Rows from before have NULL here and
-- are replayed from the jsonb column; the jsonb column is still written, for older instances.
ALTER TABLE idempotency_keys ADD COLUMN body_text text;
