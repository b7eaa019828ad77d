-- Documents: production batches of card artwork for the card printer, and the letter
-- queue's timestamps. A card is in at most one batch; marking a batch printed produces its cards (R3).

CREATE TABLE print_batches (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  printed_at timestamptz,
  printed_by text
);

CREATE TABLE print_batch_cards (
  batch_id uuid NOT NULL REFERENCES print_batches (id),
  -- A card goes to the printer once: a second batch never takes it again.
  card_id uuid NOT NULL UNIQUE REFERENCES cards (id),
  position integer NOT NULL,
  PRIMARY KEY (batch_id, position)
);

-- The letter queue: queued → printed → sent, with when each happened.
ALTER TABLE letters ADD COLUMN printed_at timestamptz;
ALTER TABLE letters ADD COLUMN sent_at timestamptz;
CREATE INDEX letters_queue ON letters (state, forwarding, created_at);
