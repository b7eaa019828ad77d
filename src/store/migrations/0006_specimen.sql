-- Specimen (training) applicants. Their cards answer the public lookup with their real R11
-- result, marked "specimen": true, so trainers can show every case. They get no letters and stay out
-- of the statistics: their lookups are counted under their own result, 'specimen', and their cards,
-- visits and letters are not counted at all. Set only when the applicant is registered.

ALTER TABLE applicants ADD COLUMN specimen boolean NOT NULL DEFAULT false;

ALTER TABLE lookup_counts DROP CONSTRAINT lookup_counts_result_check;
ALTER TABLE lookup_counts ADD CONSTRAINT lookup_counts_result_check
  CHECK (result IN ('valid', 'not_valid', 'unknown', 'malformed', 'rate_limited', 'unavailable', 'specimen'));
