// Documents are made on worker threads: a lookup asked while a print batch is being made is answered
// before the batch is done (shown by order — the batch is held in its worker until the lookup has
// its answer — not by timing); past the pool's queue a document request is refused at once with 503
// and Retry-After, and lookups go on.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Task } from '../../src/documents/task-types.ts';
import { backends } from '../support/backends.ts';
import { needsPoppler, pageCount } from '../support/documents.ts';
import { Gate, gatedPool } from '../support/gate.ts';
import { type Json, officerClient, type RunningApp, startApp, status } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  makeSystem,
  type TestSystem,
} from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];

describe('documents on worker threads, lookups on the main thread', { skip: needsPoppler() }, () => {
  let s: TestSystem;
  before(async () => {
    s = await makeSystem(await backend.open());
  });
  after(async () => {
    await s.db.close();
  });

  /** An app whose pool holds `hold` tasks until the gate opens. */
  const gatedApp = async (threads: number, queue: number, hold: Task['kind'][] = ['cards-pdf']) => {
    const gate = new Gate();
    const pool = gatedPool(gate, { threads, queue, hold });
    const web = await startApp(s, { renderPool: pool });
    return {
      gate,
      pool,
      web,
      close: async () => {
        gate.open();
        await web.close();
        await pool.destroy();
      },
    };
  };
  const fetchPdf = (web: RunningApp, path: string) => {
    const result = { settled: false };
    const done = fetch(`${web.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${web.officerToken}` },
    }).then(async (res) => {
      const body = Buffer.from(await res.arrayBuffer());
      result.settled = true;
      return { status: res.status, headers: res.headers, body };
    });
    return { result, done };
  };

  it('a lookup asked while a print batch is being made is answered before the batch is done', async () => {
    const app = await gatedApp(1, 4, ['cards-pdf-stream']);
    try {
      const holder = await anApplicantWithActiveCard(s.service);
      for (let i = 0; i < 3; i++) await anApplicantWithOrderedCard(s.service);
      const made = await officerClient(app.web).post('/print-batches', {});
      assert.equal(made.status, 201);

      const batch = fetchPdf(app.web, `/print-batches/${made.body.id}.pdf`);
      await app.gate.started(1); // the batch is on its worker thread, held there
      const lookup = await status(app.web, holder.code);
      assert.equal(lookup.status, 200);
      assert.equal(lookup.body.result, 'valid');
      assert.equal(batch.result.settled, false, 'the lookup was answered while the batch was being made');

      app.gate.open();
      const pdf = await batch.done;
      assert.equal(pdf.status, 200);
      assert.equal(pageCount(pdf.body), 2 * made.body.cards.length);
    } finally {
      await app.close();
    }
  });

  it('a second batch PDF asked for while one is being made gets 409 and is not made; the first is whole', async () => {
    const app = await gatedApp(2, 4, ['cards-pdf-stream']);
    try {
      for (let i = 0; i < 2; i++) await anApplicantWithOrderedCard(s.service);
      const api = officerClient(app.web);
      const one = await api.post('/print-batches', {});
      for (let i = 0; i < 2; i++) await anApplicantWithOrderedCard(s.service);
      const two = await api.post('/print-batches', {});
      assert.deepEqual([one.status, two.status], [201, 201]);

      const first = fetchPdf(app.web, `/print-batches/${one.body.id}.pdf`);
      await app.gate.started(1); // the first batch is being made
      for (const id of [two.body.id, one.body.id]) {
        const again = await fetchPdf(app.web, `/print-batches/${id}.pdf`).done;
        assert.equal(again.status, 409);
        assert.equal(again.headers.get('retry-after'), '5');
        const body = JSON.parse(again.body.toString()) as Json;
        assert.equal(body.code, 'batch_in_progress');
        assert.match(body.detail, /a print batch PDF is being made/);
      }
      assert.equal(app.pool.pending, 1, 'the refused requests made nothing');

      app.gate.open();
      const pdf = await first.done;
      assert.equal(pdf.status, 200);
      assert.equal(pageCount(pdf.body), 2 * one.body.cards.length);
      const next = await fetchPdf(app.web, `/print-batches/${two.body.id}.pdf`).done;
      assert.equal(next.status, 200, 'once the first is done the next one is made');
      assert.equal(pageCount(next.body), 2 * two.body.cards.length);
    } finally {
      await app.close();
    }
  });

  it('past the queue a document request is refused at once with 503 and Retry-After; lookups go on', async () => {
    const app = await gatedApp(1, 1);
    try {
      const holder = await anApplicantWithActiveCard(s.service);
      const path = `/cards/${holder.cardId}/artwork.pdf`;
      const first = fetchPdf(app.web, path);
      await app.gate.started(1); // on the one thread
      const second = fetchPdf(app.web, path);
      while (app.pool.pending < 2) await new Promise((r) => setImmediate(r)); // waiting in the queue

      const third = await fetchPdf(app.web, path).done;
      assert.equal(third.status, 503);
      assert.equal(third.headers.get('retry-after'), '5');
      assert.match(third.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal((JSON.parse(third.body.toString()) as Json).code, 'busy');
      assert.equal((await status(app.web, holder.code)).body.result, 'valid', 'lookups are not queued');

      app.gate.open();
      const [a, b] = await Promise.all([first.done, second.done]);
      assert.deepEqual([a.status, b.status], [200, 200]);
      assert.ok(a.body.equals(b.body));
    } finally {
      await app.close();
    }
  });
});
