-- Core schema: applicants, biometrics, cards, visits, decisions, AT-UND, letters, history (P4),
-- the change table (outbox) that read models follow, API tokens and idempotency records (C7).

CREATE TABLE applicants (
  id uuid PRIMARY KEY,
  dossier_number text NOT NULL UNIQUE CHECK (dossier_number ~ '^[0-9]{2}-[0-9]{6}$'),
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date NOT NULL,
  nationality text NOT NULL,
  language text NOT NULL,
  address jsonb,
  protected_address boolean NOT NULL DEFAULT false,
  personal_identity_number text,
  fingerprints_taken_at timestamptz,
  -- Bumped by every change to the applicant or their cards; locks the row for the change and
  -- orders read-model updates (a projection is applied only when its version is newer).
  version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);

CREATE TABLE guardianships (
  guardian_id uuid NOT NULL REFERENCES applicants (id),
  child_id uuid NOT NULL REFERENCES applicants (id),
  PRIMARY KEY (guardian_id, child_id),
  CHECK (guardian_id <> child_id)
);

CREATE TABLE photos (
  applicant_id uuid PRIMARY KEY REFERENCES applicants (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes bytea NOT NULL,
  taken_at timestamptz NOT NULL
);

CREATE TABLE cards (
  id uuid PRIMARY KEY,
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  serial integer NOT NULL CHECK (serial >= 1),
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{13}$'),
  state text NOT NULL CHECK (state IN ('ordered', 'produced', 'active', 'cancelled')),
  ordered_at timestamptz NOT NULL,
  produced_at timestamptz,
  handed_over_on date,
  valid_until date,
  cancelled_at timestamptz,
  cancel_reason text CHECK (cancel_reason IN ('lost', 'stolen', 'damaged', 'biodata_changed')),
  UNIQUE (applicant_id, serial),
  CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK (state <> 'active' OR valid_until IS NOT NULL)
);
-- R3: only one card per applicant is not cancelled.
CREATE UNIQUE INDEX cards_one_usable_per_applicant ON cards (applicant_id) WHERE state <> 'cancelled';
-- R7: the reminder sweep scans active cards by expiry.
CREATE INDEX cards_active_valid_until ON cards (valid_until) WHERE state = 'active';

CREATE TABLE visits (
  id uuid PRIMARY KEY,
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  visit_date date NOT NULL,
  office text,
  card_id uuid REFERENCES cards (id),
  valid_until_before date,
  valid_until_after date,
  recorded_at timestamptz NOT NULL,
  recorded_by text NOT NULL
);
CREATE INDEX visits_applicant ON visits (applicant_id);

CREATE TABLE decisions (
  id uuid PRIMARY KEY,
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  type text NOT NULL CHECK (type IN ('rejected', 'permit_granted', 'grounds_changed', 'withdrawn', 'left_country')),
  effective_date date NOT NULL,
  registered_at timestamptz NOT NULL,
  registered_by text NOT NULL,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX decisions_applicant ON decisions (applicant_id);

CREATE TABLE at_und_changes (
  id uuid PRIMARY KEY,
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  sequence bigserial NOT NULL,
  granted boolean NOT NULL,
  effective_date date NOT NULL,
  registered_at timestamptz NOT NULL,
  registered_by text NOT NULL
);
CREATE INDEX at_und_changes_applicant ON at_und_changes (applicant_id);

CREATE TABLE letters (
  id uuid PRIMARY KEY,
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  card_id uuid NOT NULL REFERENCES cards (id),
  kind text NOT NULL CHECK (kind IN ('card_ready', 'reminder')),
  -- R7: the expiry a reminder is for; exactly one reminder per card and expiry.
  expiry date,
  language text NOT NULL,
  -- R13: a protected address routes the letter to the internal forwarding queue, without address.
  forwarding boolean NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printed', 'sent')),
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'reminder') = (expiry IS NOT NULL))
);
CREATE UNIQUE INDEX letters_one_card_ready ON letters (card_id) WHERE kind = 'card_ready';
CREATE UNIQUE INDEX letters_one_reminder_per_expiry ON letters (card_id, expiry) WHERE kind = 'reminder';
CREATE INDEX letters_applicant ON letters (applicant_id);

-- P4: officer actions, fully recorded and append-only.
CREATE TABLE history (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  applicant_id uuid REFERENCES applicants (id),
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  correlation_id text
);
CREATE INDEX history_applicant ON history (applicant_id, id);

CREATE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'history is append-only';
END
$$;
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
  FOR EACH ROW EXECUTE FUNCTION history_is_append_only();

-- The ordered change table read models follow (in-process directly; other instances by seq).
CREATE TABLE changes (
  seq bigserial PRIMARY KEY,
  applicant_id uuid NOT NULL REFERENCES applicants (id),
  version bigint NOT NULL,
  at timestamptz NOT NULL
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('officer', 'admin')),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (principal, key)
);
