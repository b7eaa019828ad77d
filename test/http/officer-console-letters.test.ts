// Letters in the console through real HTTP on PGlite and PostgreSQL: the letter queue and the
// applicant's letters each print a letter's PDF; a queued letter printed here leaves the queue
// (recorded under the officer, P4) so the letter job does not print it again; a card-ready letter
// printed again passes a confirming page, as it gets a new personal code (R16).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { renderLetterPdf } from '../../src/documents/letter.ts';
import { DEFAULT_RECEPTION, receptionFromEnv } from '../../src/domain/reception.ts';
import { runLetterJob } from '../../src/jobs/letters.ts';
import { LmaService } from '../../src/services/lma-service.ts';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import { backends } from '../support/backends.ts';
import { ConsoleClient, pageText } from '../support/console.ts';
import { needsPoppler, pdfText } from '../support/documents.ts';
import { appOn } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithProducedCard,
  BASE_URL,
  OFFICER,
} from '../support/system.ts';

const PASSWORD = 'a-long-enough-password';

for (const backend of backends) {
  describe(`console letters over HTTP on ${backend.name}`, () => {
    const fx = appOn(backend);

    before(async () => {
      const accounts = new OfficerAccounts(fx.s.db, fx.s.clock);
      await accounts.createOfficer('test', { username: 'olle', role: 'officer', password: PASSWORD });
      await accounts.createOfficer('test', { username: 'greta', role: 'auditor', password: PASSWORD });
    });

    const signedIn = async (username: string) => {
      const c = new ConsoleClient(fx.web);
      assert.equal((await c.signIn(username, PASSWORD)).status, 303);
      return c;
    };
    const letterOf = async (applicantId: string) => {
      const { rows } = await fx.s.db.query<{ id: string; state: string }>(
        "SELECT id, state FROM letters WHERE applicant_id = $1 AND kind = 'card_ready'",
        [applicantId],
      );
      assert.ok(rows[0], 'a card-ready letter');
      return rows[0];
    };
    const actions = async (applicantId: string) =>
      (
        await fx.s.db.query<{ actor: string; action: string }>(
          "SELECT actor, action FROM history WHERE applicant_id = $1 AND action IN ('letter.printed', 'holder.code_issued') ORDER BY id",
          [applicantId],
        )
      ).rows.map((r) => `${r.actor} ${r.action}`);

    const aProducedCard = (givenName = 'Amanuel') => anApplicantWithProducedCard(fx.s.service, { givenName });
    const runJob = async () => {
      const outbox = await mkdtemp(join(tmpdir(), 'lmakort-letters-'));
      try {
        return (await runLetterJob(fx.s.service, outbox)).files;
      } finally {
        await rm(outbox, { recursive: true, force: true });
      }
    };

    it('the queue prints a letter: its PDF, marked printed under the officer, and the letter job leaves it', async () => {
      const a = await aProducedCard();
      const letter = await letterOf(a.applicantId);
      const c = await signedIn('olle');
      const queue = await c.get('/officer/letters');
      assert.equal(queue.status, 200);
      assert.match(pageText(queue.body), new RegExp(`Kortet är klart Amanuel \\S+ ${a.dossierNumber}/1`));
      assert.match(queue.body, new RegExp(`action="/officer/letters/${letter.id}/print"`));

      const pdf = await c.post(`/officer/letters/${letter.id}/print`, { back: 'queue' });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.ok(pdf.body.startsWith('%PDF-'), 'a PDF');
      assert.equal((await letterOf(a.applicantId)).state, 'printed');
      assert.deepEqual(await actions(a.applicantId), [
        'officer:olle holder.code_issued',
        'officer:olle letter.printed',
      ]);
      assert.doesNotMatch(
        (await c.get('/officer/letters')).body,
        new RegExp(letter.id),
        'gone from the queue',
      );

      assert.ok(
        !(await runJob()).some((f) => f.includes(letter.id)),
        'the letter job does not print it again',
      );
    });

    it('from the applicant’s letters, printing a card-ready letter again asks first: it gets a new code', async () => {
      const a = await aProducedCard();
      const letter = await letterOf(a.applicantId);
      const c = await signedIn('olle');
      const page = await c.get(`/officer/applicants/${a.applicantId}/letters`);
      assert.match(page.body, new RegExp(`action="/officer/letters/${letter.id}/print"`));
      assert.equal((await c.post(`/officer/letters/${letter.id}/print`, { back: 'applicant' })).status, 200);

      const ask = await c.post(`/officer/letters/${letter.id}/print`, { back: 'applicant' });
      assert.equal(ask.status, 200);
      assert.match(ask.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(
        pageText(ask.body),
        new RegExp(
          `Skriva ut brevet ”Kortet är klart” för kort ${a.dossierNumber}/1 igen\\? Brevet får en ny personlig kod`,
        ),
      );
      assert.match(
        ask.body,
        new RegExp(`href="/officer/applicants/${a.applicantId}/letters"`),
        'back to the letters',
      );
      assert.equal((await actions(a.applicantId)).length, 2, 'asking changes nothing');

      const again = await c.post(`/officer/letters/${letter.id}/print`, {
        back: 'applicant',
        confirm: 'yes',
      });
      assert.equal(again.headers.get('content-type'), 'application/pdf');
      assert.deepEqual(await actions(a.applicantId), [
        'officer:olle holder.code_issued',
        'officer:olle letter.printed',
        'officer:olle holder.code_issued',
      ]);
    });

    it('an auditor sees the queue without print buttons and may not print; an unknown letter is 404', async () => {
      const a = await aProducedCard();
      const letter = await letterOf(a.applicantId);
      const greta = await signedIn('greta');
      const queue = await greta.get('/officer/letters');
      assert.equal(queue.status, 200);
      assert.match(queue.body, new RegExp(`data-letter="${letter.id}"`));
      assert.doesNotMatch(queue.body, /\/print"/);
      assert.equal((await greta.post(`/officer/letters/${letter.id}/print`)).status, 403);
      const olle = await signedIn('olle');
      await olle.get('/officer/letters');
      assert.equal(
        (await olle.post('/officer/letters/00000000-0000-4000-8000-000000000000/print')).status,
        404,
      );
      assert.equal((await olle.post('/officer/letters/not-a-letter/print')).status, 404);
      assert.equal((await letterOf(a.applicantId)).state, 'queued', 'nothing changed');
    });

    for (const [step, how] of [
      ['handed over', (cardId: string) => fx.s.service.handOverCard(OFFICER, cardId, {})],
      ['cancelled', (cardId: string) => fx.s.service.cancelCard(OFFICER, cardId, { reason: 'damaged' })],
    ] as const) {
      it(`a card-ready letter still queued when the card is ${step} is withdrawn, recorded, and not sent`, async () => {
        const a = await aProducedCard();
        const letter = await letterOf(a.applicantId);
        assert.equal(letter.state, 'queued');
        await how(a.cardId);
        assert.equal((await letterOf(a.applicantId)).state, 'withdrawn');
        const { rows } = await fx.s.db.query<{ details: Record<string, unknown> }>(
          "SELECT details FROM history WHERE applicant_id = $1 AND action = 'letter.withdrawn'",
          [a.applicantId],
        );
        assert.deepEqual(
          rows.map((r) => [r.details.letterId, r.details.because]),
          [[letter.id, step === 'handed over' ? 'handed_over' : 'cancelled']],
        );
        assert.ok(!(await runJob()).some((f) => f.includes(letter.id)), 'the letter job does not send it');
        assert.equal((await letterOf(a.applicantId)).state, 'withdrawn');
        const c = await signedIn('olle');
        if (step === 'cancelled')
          assert.match(
            pageText((await c.get(`/officer/applicants/${a.applicantId}/history`)).body),
            /job:letters markerade brevet "Kortet är spärrat" som utskrivet\./,
            'the letter job printed the card-cancelled letter, named in words',
          );
        const page = pageText((await c.get(`/officer/applicants/${a.applicantId}/letters`)).body);
        assert.match(page, /Återkallat: kortet lämnades ut eller spärrades först/);
        const history = pageText((await c.get(`/officer/applicants/${a.applicantId}/history`)).body);
        assert.match(
          history,
          /test-officer återkallade brevet "Kortet är klart": kortet lämnades ut eller spärrades innan brevet skrevs ut, så det skickas inte\./,
        );
      });
    }

    it('a letter already printed is not withdrawn by the handover', async () => {
      const a = await aProducedCard();
      await runJob();
      await fx.s.service.handOverCard(OFFICER, a.cardId, {});
      assert.equal((await letterOf(a.applicantId)).state, 'printed');
    });

    it('a letter names the reception office from LMA_RECEPTION_ADDRESS, _HOURS and _PHONE', {
      skip: needsPoppler(),
    }, async () => {
      const reception = receptionFromEnv({
        LMA_RECEPTION_ADDRESS: 'Migrationsverket, Mottagningsenheten, Kungsgatan 5, 211 49 Malmö',
        LMA_RECEPTION_HOURS: 'Tisdag och torsdag 10.00–14.00',
        LMA_RECEPTION_PHONE: '010-485 00 00',
      });
      const service = new LmaService({
        db: fx.s.db,
        readModel: fx.s.readModel,
        clock: fx.s.clock,
        publicBaseUrl: BASE_URL,
        reception,
      });
      const a = await anApplicantWithProducedCard(fx.s.service, { language: 'so' });
      const letter = await letterOf(a.applicantId);
      const doc = await service.letterDocument(letter.id);
      assert.ok(doc);
      assert.deepEqual(doc.reception, reception, 'the service puts its reception on the letter');
      const text = pdfText(await renderLetterPdf(doc));
      for (const line of [reception.address, reception.hours, reception.phone, 'Telefon / Taleefan'])
        assert.ok(text.includes(line), `${line} in:\n${text}`);
      const byDefault = pdfText(
        await renderLetterPdf((await fx.s.service.letterDocument(letter.id)) as never),
      );
      assert.ok(byDefault.includes(DEFAULT_RECEPTION.phone), 'the default reception when none is configured');
      assert.deepEqual(receptionFromEnv({ LMA_RECEPTION_PHONE: ' \u0000 ' }), DEFAULT_RECEPTION);
    });

    it('R10: cancelling a lost card says the holder has no valid card until the new one, and offers the letter in their language', async () => {
      const a = await anApplicantWithActiveCard(fx.s.service, { language: 'ti' });
      const c = await signedIn('olle');
      const ask = await c.get(`/officer/cards/${a.cardId}/cancel`);
      assert.match(
        pageText(ask.body),
        /Sökanden får ett brev på tigrinja \/ Tigrinya \(ትግርኛ\) som säger att kortet är spärrat och att hen inte har något giltigt LMA-kort förrän det nya kortet är utlämnat\./,
      );
      const done = await c.post(`/officer/cards/${a.cardId}/cancel`, { reason: 'lost', confirm: 'yes' });
      assert.equal(done.status, 303);
      const page = await c.get(done.location ?? '');
      const flash = pageText(/data-testid="flash">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '');
      assert.match(
        flash,
        new RegExp(
          `^Kort ${a.dossierNumber}/1 är spärrat\\. Nytt kort ${a.dossierNumber}/2 är beställt\\. Sökanden har inget giltigt kort förrän ${a.dossierNumber}/2 är utlämnat\\. Ett brev på tigrinja / Tigrinya \\(ትግርኛ\\) som förklarar det ligger i brevkön\\.$`,
        ),
      );
      const { rows } = await fx.s.db.query<{ id: string; state: string; language: string }>(
        "SELECT id, state, language FROM letters WHERE card_id = $1 AND kind = 'card_cancelled'",
        [a.cardId],
      );
      assert.deepEqual(
        rows.map((r) => [r.state, r.language]),
        [['queued', 'ti']],
      );
      const letterId = rows[0]?.id as string;
      assert.match(
        page.body,
        new RegExp(
          `<form method="post" action="/officer/letters/${letterId}/print"[^>]*>.*Skriv ut brevet till sökanden nu \\(tigrinja`,
        ),
        'the letter offered',
      );
      const pdf = await c.post(`/officer/letters/${letterId}/print`, { back: 'applicant' });
      assert.equal(pdf.headers.get('content-type'), 'application/pdf', 'printed at once, no question');
      const state = await fx.s.db.query<{ state: string }>('SELECT state FROM letters WHERE id = $1', [
        letterId,
      ]);
      assert.equal(state.rows[0]?.state, 'printed');
    });

    it('R10: the card-cancelled letter reads in the holder’s language and Swedish, and the letter job sends one not printed', {
      skip: needsPoppler(),
    }, async () => {
      const a = await anApplicantWithActiveCard(fx.s.service, { language: 'uk' });
      await fx.s.service.cancelCard(OFFICER, a.cardId, { reason: 'stolen' });
      const { rows } = await fx.s.db.query<{ id: string }>(
        "SELECT id FROM letters WHERE card_id = $1 AND kind = 'card_cancelled'",
        [a.cardId],
      );
      const letterId = rows[0]?.id as string;
      const doc = await fx.s.service.letterDocument(letterId);
      assert.ok(doc);
      const text = pdfText(await renderLetterPdf(doc));
      for (const line of [
        `Вашу картку LMA № ${a.dossierNumber}/1 анульовано`,
        'Доки ви не отримаєте нову картку, у вас немає дійсної картки LMA.',
        `Ditt LMA-kort ${a.dossierNumber}/1 är spärrat`,
        'Tills du har hämtat det nya kortet har du inget giltigt LMA-kort.',
      ])
        assert.ok(text.replace(/\s+/g, ' ').includes(line), `${line} in:\n${text}`);
      assert.ok((await runJob()).some((f) => f.endsWith(`card-cancelled_${letterId}.pdf`)));
    });

    it('R10: a card-cancelled letter still queued when the new card is handed over is withdrawn, not sent', async () => {
      const a = await anApplicantWithActiveCard(fx.s.service);
      const cancelled = await fx.s.service.cancelCard(OFFICER, a.cardId, { reason: 'lost' });
      const letter = (cancelled.letter as { id: string }).id;
      const replacement = cancelled.reordered.id;
      await fx.s.service.markCardProduced(OFFICER, replacement);
      await fx.s.service.handOverCard(OFFICER, replacement, {});
      const { rows } = await fx.s.db.query<{ state: string }>('SELECT state FROM letters WHERE id = $1', [
        letter,
      ]);
      assert.equal(rows[0]?.state, 'withdrawn');
      assert.ok(!(await runJob()).some((f) => f.includes(letter)), 'the letter job does not send it');
      const recorded = await fx.s.db.query<{ details: Record<string, unknown> }>(
        "SELECT details FROM history WHERE applicant_id = $1 AND action = 'letter.withdrawn' ORDER BY id",
        [a.applicantId],
      );
      assert.deepEqual(
        recorded.rows.map((r) => [r.details.kind, r.details.because]),
        [
          ['card_ready', 'handed_over'],
          ['card_ready', 'handed_over'],
          ['card_cancelled', 'new_card_handed_over'],
        ],
      );
    });
  });
}
