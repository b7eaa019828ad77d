-- C9: Ed25519 keys that sign receipts (and, later, status lists). The newest key that is neither
-- retired nor revoked signs; retired keys stay published in the JWKS so old receipts still verify;
-- a revoked key (compromised) is withdrawn from the JWKS at once.
CREATE TABLE signing_keys (
  n           bigserial UNIQUE,          -- creation order (several keys may share an instant)
  kid         text PRIMARY KEY,          -- RFC 7638 JWK thumbprint of the public key
  public_jwk  jsonb NOT NULL,
  private_jwk jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  retired_at  timestamptz,
  revoked_at  timestamptz
);

