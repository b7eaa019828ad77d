-- R10: when a card is cancelled the holder is written to in their language: the card no longer
-- counts, and they have no valid card until the new one is handed over. One such letter per card.
ALTER TABLE letters DROP CONSTRAINT letters_kind_check;
ALTER TABLE letters ADD CONSTRAINT letters_kind_check
  CHECK (kind IN ('card_ready', 'reminder', 'card_cancelled'));
CREATE UNIQUE INDEX letters_one_card_cancelled ON letters (card_id) WHERE kind = 'card_cancelled';
