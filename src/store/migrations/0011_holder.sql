-- R16: the holder's own view. A card's personal code, kept only as a salted SHA-256 with its count of
-- wrong guesses (claimed before each check, like officer sign-ins), and the holder's reports of a lost
-- or stolen card: an open report stops the card at once (R14) until an officer confirms or lifts it.

CREATE TABLE holder_codes (
  card_id uuid PRIMARY KEY REFERENCES cards (id),
  salt bytea NOT NULL,
  hash bytea NOT NULL,
  issued_at timestamptz NOT NULL,
  -- Checks claimed in the window that started at window_started_at; the one that reaches the limit
  -- locks the card's holder page until locked_until.
  attempts integer NOT NULL DEFAULT 0,
  window_started_at timestamptz,
  locked_until timestamptz
);

CREATE TABLE holder_reports (
  id uuid PRIMARY KEY,
  card_id uuid NOT NULL REFERENCES cards (id),
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  reason text NOT NULL CHECK (reason IN ('lost', 'stolen')),
  reported_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  outcome text CHECK (outcome IN ('confirmed', 'lifted')),
  CHECK ((closed_at IS NULL) = (outcome IS NULL))
);
-- One open report per card: a second report while one is open changes nothing.
CREATE UNIQUE INDEX holder_reports_one_open ON holder_reports (card_id) WHERE closed_at IS NULL;
CREATE INDEX holder_reports_applicant ON holder_reports (applicant_id);
