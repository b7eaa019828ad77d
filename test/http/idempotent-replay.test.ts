// C7: a retried write answers the first answer byte for byte (not the same JSON with its keys in
// another order), and answers stored before the exact text was kept are still replayed.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { appOn } from '../support/http.ts';
import { anApplicantWithActiveCard } from '../support/system.ts';

for (const backend of backends) {
  describe(`idempotent replays on ${backend.name}`, () => {
    const f = appOn(backend);

    let applicantId: string;
    before(async () => {
      applicantId = (await anApplicantWithActiveCard(f.s.service)).applicantId;
    });

    /** A visit (R5): its answer has keys of several lengths, which the database's JSON type reorders. */
    const register = (key: string) =>
      fetch(`${f.web.url}/api/v1/applicants/${applicantId}/visits`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${f.web.officerToken}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ office: 'Malmö' }),
      });

    it('a retry answers the very bytes of the first answer', async () => {
      const first = await register('replay-bytes-1');
      assert.equal(first.status, 201);
      const firstText = await first.text();
      for (let i = 0; i < 3; i++) {
        const again = await register('replay-bytes-1');
        assert.equal(again.status, 201);
        assert.equal(await again.text(), firstText);
      }
    });

    it('an answer stored as JSON only (before the text was kept) is still replayed', async () => {
      const first = await register('replay-old-row');
      const body = await first.json();
      // As an older version left it: the answer in the jsonb column only.
      await f.s.db.query("UPDATE idempotency_keys SET body_text = NULL WHERE key = 'replay-old-row'");
      const again = await register('replay-old-row');
      assert.equal(again.status, 201);
      assert.deepEqual(await again.json(), body);
    });
  });
}
