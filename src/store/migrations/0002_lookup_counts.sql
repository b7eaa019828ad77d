-- P3: lookups are remembered only as counts per Swedish calendar day and result — never a code, an
-- address or anything else about who looked. Flushed from memory by each instance (additive upsert).

CREATE TABLE lookup_counts (
  day date NOT NULL,
  result text NOT NULL CHECK (result IN ('valid', 'not_valid', 'unknown', 'malformed', 'rate_limited', 'unavailable')),
  count bigint NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, result)
);
