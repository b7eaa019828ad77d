-- The officer console: officers who sign in with a password, and their sessions.
-- Passwords are stored as scrypt hashes with their parameters; sessions by a SHA-256 of their id, so
-- a second instance on the same database knows them and a leaked table opens no session.

CREATE TABLE officers (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,40}$'),
  role text NOT NULL CHECK (role IN ('officer', 'admin', 'auditor')),
  password_hash text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL,
  password_changed_at timestamptz NOT NULL
);

CREATE TABLE officer_sessions (
  id_hash text PRIMARY KEY,
  officer_id uuid NOT NULL REFERENCES officers (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- What the last action changed, shown once on the next page (post/redirect/get).
  flash jsonb
);
CREATE INDEX officer_sessions_officer ON officer_sessions (officer_id);
