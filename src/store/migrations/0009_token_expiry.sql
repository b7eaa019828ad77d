-- API tokens may expire (refused with 401 from then on), and the last time each was used is kept
-- (to the minute) so an admin can see which tokens are still in use. Existing tokens never expire.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
