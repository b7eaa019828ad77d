-- First run: a one-time link that lets the first administrator choose a username and password in the
-- browser. Only the SHA-256 of its token is kept; it expires, and it is used at most once.
CREATE TABLE setup_links (
  token_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
