-- A card-ready letter still queued when its card is handed over or cancelled is withdrawn: the
-- letter job prints only queued letters, so it is never sent, and the letter stays in the record.
ALTER TABLE letters DROP CONSTRAINT letters_state_check;
ALTER TABLE letters ADD CONSTRAINT letters_state_check
  CHECK (state IN ('queued', 'printed', 'sent', 'withdrawn'));
ALTER TABLE letters ADD COLUMN withdrawn_at timestamptz;
