-- Status lists (W3C Bitstring Status List v1.0). Every card gets one entry, at a random
-- index (CSPRNG, chosen in TypeScript) in a list; an entry is never given to another card. A list
-- takes new cards until `fill_limit` of its `capacity` entries are used, then the next list opens.
-- Cards that exist before this migration get their entries at the next start-up.
CREATE TABLE status_lists (
  list_no    integer PRIMARY KEY CHECK (list_no >= 1),
  capacity   integer NOT NULL CHECK (capacity > 0 AND capacity % 4 = 0),
  fill_limit integer NOT NULL CHECK (fill_limit > 0 AND fill_limit <= capacity),
  assigned   integer NOT NULL DEFAULT 0 CHECK (assigned >= 0 AND assigned <= capacity)
);

CREATE TABLE status_list_entries (
  list_no integer NOT NULL REFERENCES status_lists (list_no),
  idx     integer NOT NULL CHECK (idx >= 0),
  card_id uuid NOT NULL UNIQUE REFERENCES cards (id),
  PRIMARY KEY (list_no, idx)
);

-- Never reused: an entry, once given, is neither moved nor taken back.
CREATE FUNCTION status_list_entries_are_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'status list entries are never changed or reused';
END
$$;
CREATE TRIGGER status_list_entries_permanent BEFORE UPDATE OR DELETE ON status_list_entries
  FOR EACH ROW EXECUTE FUNCTION status_list_entries_are_permanent();
