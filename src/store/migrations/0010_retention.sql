-- R15 retention: an applicant's personal data are removed a configured number of months after
-- coverage ended or the last card was cancelled without a replacement. The applicant's row stays as
-- an empty shell (history, cards, visits and letters point at it, and the statistics count those),
-- with its personal columns NULL; the purge itself is recorded in `purges` (the tombstone) and in
-- the history (P4). Cards of a purged applicant answer `unknown`; their status-list entries stay
-- theirs, never reused, and read "not valid" like an unused entry.

ALTER TABLE applicants ADD COLUMN purged_at timestamptz;
ALTER TABLE applicants ALTER COLUMN dossier_number DROP NOT NULL;
ALTER TABLE applicants ALTER COLUMN given_name DROP NOT NULL;
ALTER TABLE applicants ALTER COLUMN family_name DROP NOT NULL;
ALTER TABLE applicants ALTER COLUMN birth_date DROP NOT NULL;
ALTER TABLE applicants ALTER COLUMN nationality DROP NOT NULL;
ALTER TABLE applicants ADD CONSTRAINT applicants_personal_data_until_purged CHECK (
  purged_at IS NOT NULL
  OR (dossier_number IS NOT NULL AND given_name IS NOT NULL AND family_name IS NOT NULL
      AND birth_date IS NOT NULL AND nationality IS NOT NULL)
);
ALTER TABLE applicants ADD CONSTRAINT applicants_purged_is_empty CHECK (
  purged_at IS NULL
  OR (dossier_number IS NULL AND given_name IS NULL AND family_name IS NULL AND birth_date IS NULL
      AND nationality IS NULL AND address IS NULL AND personal_identity_number IS NULL
      AND NOT protected_address)
);

-- The tombstone: which dossier was purged (SHA-256 of its number, so the agency can answer "was
-- dossier NN-NNNNNN purged?" without keeping the number), when, by whom or what, and the day the
-- retention period was counted from. One row per applicant: a second purge finds it and stops.
CREATE TABLE purges (
  applicant_id uuid PRIMARY KEY REFERENCES applicants (id),
  dossier_hash text NOT NULL,
  purged_at timestamptz NOT NULL,
  purged_by text NOT NULL,
  ended_on date NOT NULL,
  retention_months integer NOT NULL CHECK (retention_months >= 1)
);
CREATE INDEX purges_dossier_hash ON purges (dossier_hash);

-- P4 stays append-only, with one exception: once an applicant is purged, the free text of their
-- history (details) may be emptied. Who did what and when stays; nothing else may change, and no
-- row may be deleted.
CREATE OR REPLACE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
     AND NEW.applicant_id IS NOT DISTINCT FROM OLD.applicant_id
     AND NEW.correlation_id IS NOT DISTINCT FROM OLD.correlation_id
     AND NEW.details = '{}'::jsonb
     AND EXISTS (SELECT 1 FROM applicants a WHERE a.id = OLD.applicant_id AND a.purged_at IS NOT NULL)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'history is append-only';
END
$$;

-- The daily purge job looks for applicants whose last card was cancelled long enough ago.
CREATE INDEX cards_cancelled_at ON cards (cancelled_at) WHERE state = 'cancelled';
