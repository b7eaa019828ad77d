// R11, R14 through real HTTP, on PGlite and PostgreSQL: for every row of the public answer's table,
// the status API, the lookup page, a signed receipt, the card's status-list entry, the officer API's
// view and the console's banner say the same thing. A change and a Swedish midnight reach all of
// them at once.

import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { backends } from '../support/backends.ts';
import { ENTRY_FOR_ANSWER, entryAt, expandEncodedList, jwsParts } from '../support/bitstring.ts';
import { type ConsoleClient, consoleOn, pageText, signInAs } from '../support/console.ts';
import { type Json, officerClient, status } from '../support/http.ts';
import {
  anApplicantWithActiveCard,
  anApplicantWithOrderedCard,
  BASE_URL,
  OFFICER,
  type TestSystem,
} from '../support/system.ts';

const START = '2026-06-02T12:00:00+02:00';
const ADULT = { birthDate: '1985-01-01' };

type Answer = 'valid' | 'valid+AT-UND' | 'not_valid' | 'not_valid+AT-UND';

interface Row {
  /** The table's row, in its words. */
  row: string;
  answer: Answer;
  standing: 'valid' | 'lapsed' | 'ended' | 'not_yet_active' | 'cancelled';
  /** What the console's card status says (a pattern, the whole text). */
  cardStatus: RegExp;
  /** The console banner's reason (a pattern over its text). */
  why: RegExp;
  make: (s: TestSystem) => Promise<{ applicantId: string; code: string }>;
}

type Made = Awaited<ReturnType<typeof anApplicantWithOrderedCard>>;
/** One thing that happens to the applicant or the card after it is made. */
type Step = (s: TestSystem, a: Made) => Promise<unknown>;
const atUnd =
  (effectiveDate?: string): Step =>
  (s, a) =>
    s.service.setAtUnd(OFFICER, a.applicantId, {
      granted: true,
      ...(effectiveDate ? { effectiveDate } : {}),
    });
const atUndEnds: Step = (s, a) => s.service.setAtUnd(OFFICER, a.applicantId, { granted: false });
const decided =
  (type: Parameters<TestSystem['service']['registerDecision']>[2]['type'], effectiveDate?: string): Step =>
  (s, a) =>
    s.service.registerDecision(OFFICER, a.applicantId, { type, ...(effectiveDate ? { effectiveDate } : {}) });
const produced: Step = (s, a) => s.service.markCardProduced(OFFICER, a.cardId);

/** A card handed over (on `handedOver`, else today) to an adult, then `steps`, in order. */
const active =
  (steps: Step[], handedOver?: string) =>
  async (s: TestSystem): Promise<Made> => {
    const a = await anApplicantWithActiveCard(s.service, ADULT, handedOver);
    for (const step of steps) await step(s, a);
    return a;
  };
/** A card ordered for an adult, not handed over, then `steps`. */
const ordered =
  (steps: Step[]) =>
  async (s: TestSystem): Promise<Made> => {
    const a = await anApplicantWithOrderedCard(s.service, ADULT);
    for (const step of steps) await step(s, a);
    return a;
  };

const VALID_TO_SEPT = { cardStatus: /^Giltigt till 2026-09-02$/, why: /giltigt till 2026-09-02/ };
const LAPSED_APRIL = {
  cardStatus: /^Utgånget 2026-04-11 – inte förnyat$/,
  why: /utgånget 2026-04-11 – inte förnyat/,
};
const GROUNDS_CHANGED_JUNE_1 = {
  cardStatus: /^Ogiltigt – beslut: byte av grund från 2026-06-01$/,
  why: /beslut: byte av grund från 2026-06-01/,
};

/** R11's table, one row per case, each with what every surface must show. */
const ROWS: Row[] = [
  { row: 'valid, no AT-UND', answer: 'valid', standing: 'valid', ...VALID_TO_SEPT, make: active([]) },
  {
    row: 'valid, AT-UND in effect',
    answer: 'valid+AT-UND',
    standing: 'valid',
    ...VALID_TO_SEPT,
    make: active([atUnd('2026-01-01')]),
  },
  {
    row: 'lapsed: not renewed in time',
    answer: 'not_valid',
    standing: 'lapsed',
    ...LAPSED_APRIL,
    make: active([], '2026-01-10'),
  },
  {
    row: 'lapsed while AT-UND is in effect: no AT-UND shown',
    answer: 'not_valid',
    standing: 'lapsed',
    ...LAPSED_APRIL,
    make: active([atUnd('2026-01-10')], '2026-01-10'),
  },
  {
    row: 'ended by grounds_changed while AT-UND is in effect',
    answer: 'not_valid+AT-UND',
    standing: 'ended',
    ...GROUNDS_CHANGED_JUNE_1,
    make: active([atUnd('2026-05-01'), decided('grounds_changed', '2026-06-01')]),
  },
  {
    row: 'ended by grounds_changed without AT-UND',
    answer: 'not_valid',
    standing: 'ended',
    cardStatus: /^Ogiltigt – beslut: byte av grund från 2026-06-02$/,
    why: /beslut: byte av grund från 2026-06-02/,
    make: active([decided('grounds_changed')]),
  },
  ...(
    [
      ['rejected', 'avslag'],
      ['permit_granted', 'uppehållstillstånd beviljat'],
      ['withdrawn', 'återkallad ansökan'],
      ['left_country', 'lämnat landet'],
    ] as const
  ).map(
    ([type, words]): Row => ({
      row: `ended by ${type} while AT-UND is in effect: no AT-UND shown`,
      answer: 'not_valid',
      standing: 'ended',
      cardStatus: new RegExp(`^Ogiltigt – beslut: ${words} från 2026-06-02$`),
      why: new RegExp(`beslut: ${words} från 2026-06-02`),
      make: active([atUnd('2026-05-01'), decided(type)]),
    }),
  ),
  {
    row: 'ordered, not handed over, AT-UND in effect: no AT-UND shown',
    answer: 'not_valid',
    standing: 'not_yet_active',
    cardStatus: /^Beställt$/,
    why: /kortet är beställt, inte utlämnat/,
    make: ordered([atUnd()]),
  },
  {
    row: 'produced, not handed over, AT-UND in effect: no AT-UND shown',
    answer: 'not_valid',
    standing: 'not_yet_active',
    cardStatus: /^Tillverkat, väntar på utlämning$/,
    why: /kortet är tillverkat, inte utlämnat/,
    make: ordered([produced, atUnd()]),
  },
  {
    row: 'cancelled (stolen) while AT-UND is in effect: nothing more',
    answer: 'not_valid',
    standing: 'cancelled',
    cardStatus: /Spärrat – stulet/,
    // The banner speaks of the replacement card, ordered at once (R10).
    why: /kortet är beställt, inte utlämnat/,
    make: active([atUnd(), (s, a) => s.service.cancelCard(OFFICER, a.cardId, { reason: 'stolen' })]),
  },
  {
    row: 'a decision dated tomorrow: valid (with AT-UND) until then',
    answer: 'valid+AT-UND',
    standing: 'valid',
    ...VALID_TO_SEPT,
    make: active([atUnd(), decided('rejected', '2026-06-03')]),
  },
  {
    row: 'a revoked (deleted) rejection: valid with AT-UND again',
    answer: 'valid+AT-UND',
    standing: 'valid',
    ...VALID_TO_SEPT,
    make: active([
      atUnd(),
      async (s, a) => {
        const d = await s.service.registerDecision(OFFICER, a.applicantId, { type: 'rejected' });
        await s.service.revokeDecision(OFFICER, d.id);
      },
    ]),
  },
  {
    row: 'grounds changed, AT-UND revoked today: no AT-UND from today',
    answer: 'not_valid',
    standing: 'ended',
    ...GROUNDS_CHANGED_JUNE_1,
    make: active([atUnd('2026-05-01'), decided('grounds_changed', '2026-06-01'), atUndEnds]),
  },
  {
    row: 'grounds changed, AT-UND granted today: AT-UND from today',
    answer: 'not_valid+AT-UND',
    standing: 'ended',
    ...GROUNDS_CHANGED_JUNE_1,
    make: active([decided('grounds_changed', '2026-06-01'), atUnd()]),
  },
];

const split = (a: Answer) => ({ result: a.replace('+AT-UND', ''), atUnd: a.endsWith('+AT-UND') });
const VERIFIER_WORDS: Record<string, string> = {
  'valid/false': 'LMA-kort giltigt',
  'valid/true': 'LMA-kort giltigt · AT-UND finns',
  'not_valid/false': 'LMA-kort EJ giltigt',
  'not_valid/true': 'LMA-kort EJ giltigt · AT-UND finns',
};

for (const backend of backends) {
  describe(`the public answer's table over HTTP on ${backend.name} (R11, R14)`, () => {
    const f = consoleOn(backend, { olle: 'officer' }, { abuseLimit: 100_000, start: START });
    let officer: ConsoleClient;
    const made = new Map<string, { applicantId: string; code: string }>();

    before(async () => {
      for (const r of ROWS) made.set(r.row, await r.make(f.s));
      officer = await signInAs(f.web, 'olle');
    });
    beforeEach(() => f.s.clock.set(START));

    /** Everything a verifier and an officer can see about one card, each read on its own. */
    async function everything(applicantId: string, code: string) {
      const api = await status(f.web, code);
      assert.equal(api.status, 200);
      const key = `${api.body.result}/${api.body.atUnd}`;

      const page = await fetch(`${f.web.url}/k/${code}`);
      const html = await page.text();
      const pageResult = /data-result="([a-z_]+)"/.exec(html)?.[1];
      const pageAtUnd = html.includes('<section class="u">');

      const receipt = (await (await fetch(`${f.web.url}/api/v1/status/${code}?receipt=1`)).json()) as Json;
      const signed = jwsParts(receipt.receipt).payload;

      const listRes = await fetch(String(api.body.statusListCredential).replace(BASE_URL, f.web.url));
      const subject = jwsParts(await listRes.text()).payload.credentialSubject as Json;
      const entry = entryAt(
        expandEncodedList(subject.encodedList),
        Number(api.body.statusListIndex),
        subject.statusSize,
      );

      const view = await officerClient(f.web).get(`/applicants/${applicantId}`);
      const card = view.body.cards.find((c: Json) => c.code === code);

      let consolePage = await officer.get(`/officer/applicants/${applicantId}`);
      if (consolePage.status === 303) {
        // The clock moved past the session's lifetime: sign in again, as the officer would.
        officer = await signInAs(f.web, 'olle');
        consolePage = await officer.get(`/officer/applicants/${applicantId}`);
      }
      const banner = /<section class="check [a-z]+" data-testid="check-banner"[^>]*>.*?<\/section>/s.exec(
        consolePage.body,
      )?.[0] as string;
      assert.ok(banner, 'the applicant page has the banner');
      return {
        api: api.body,
        key,
        pageResult,
        pageAtUnd,
        signed,
        entry,
        card,
        banner,
        html: consolePage.body,
      };
    }

    for (const r of ROWS) {
      it(`${r.row} → ${r.answer}, everywhere`, async () => {
        const { applicantId, code } = made.get(r.row) as { applicantId: string; code: string };
        const want = split(r.answer);
        const seen = await everything(applicantId, code);
        assert.deepEqual({ result: seen.api.result, atUnd: seen.api.atUnd }, want, 'status API');
        assert.equal(seen.pageResult, want.result, 'lookup page');
        assert.equal(seen.pageAtUnd, want.atUnd, 'lookup page AT-UND line');
        assert.deepEqual({ result: seen.signed.result, atUnd: seen.signed.atUnd }, want, 'signed receipt');
        assert.equal(seen.entry, ENTRY_FOR_ANSWER[seen.key], 'status-list entry');
        assert.deepEqual(seen.card.publicAnswer, want, 'officer API: publicAnswer');
        assert.equal(seen.card.standing.kind, r.standing, 'officer API: standing');
        const banner = pageText(seen.banner);
        assert.ok(
          banner.startsWith(`Kontrollen visar nu: ${VERIFIER_WORDS[seen.key]} — `),
          `console banner: ${banner}`,
        );
        assert.match(banner, r.why, 'console banner: the reason');
        if (r.standing === 'cancelled') {
          // The banner speaks of the replacement; the cancelled card's own row says its status and answer.
          const row = pageText(new RegExp(`data-code="${code}">.*?</tr>`, 's').exec(seen.html)?.[0] ?? '');
          assert.match(row, r.cardStatus, "console: the cancelled card's status");
          assert.ok(
            row.includes(VERIFIER_WORDS[seen.key] as string),
            `console: the cancelled card's answer: ${row}`,
          );
        } else {
          const state = /data-testid="card-state">([^<]*)</.exec(seen.html)?.[1] as string;
          assert.match(state, r.cardStatus, 'console card status');
        }
      });
    }

    it('R11: a code no card has is unknown, a mistyped one malformed — on the API and the page', async () => {
      const unknown = await status(f.web, '0000000000000');
      assert.equal(unknown.status, 404);
      assert.deepEqual(
        { result: unknown.body.result, atUnd: unknown.body.atUnd },
        { result: 'unknown', atUnd: false },
      );
      const malformed = await status(f.web, '0000000000001');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.result, 'malformed');
      assert.match(await (await fetch(`${f.web.url}/k/0000000000000`)).text(), /data-result="unknown"/);
      assert.match(await (await fetch(`${f.web.url}/k/0000000000001`)).text(), /data-result="malformed"/);
    });

    it('R14: a change through the officer API reaches the API, page, receipt, list and console at once', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, ADULT);
      const api = officerClient(f.web);
      await api.put(`/applicants/${a.applicantId}/at-und`, { granted: true });
      assert.equal((await everything(a.applicantId, a.code)).key, 'valid/true');
      const decision = await api.post(`/applicants/${a.applicantId}/decisions`, { type: 'grounds_changed' });
      assert.deepEqual(decision.body.publicAnswer, { result: 'not_valid', atUnd: true });
      let seen = await everything(a.applicantId, a.code);
      assert.equal(seen.key, 'not_valid/true');
      assert.equal(seen.entry, 3);
      const revoke = await api.put(`/applicants/${a.applicantId}/at-und`, { granted: false });
      assert.deepEqual(revoke.body.publicAnswer, { result: 'not_valid', atUnd: false });
      seen = await everything(a.applicantId, a.code);
      assert.equal(seen.key, 'not_valid/false');
      assert.equal(seen.entry, 2, 'the list changed with the answer');
      assert.equal(seen.pageAtUnd, false);
      assert.equal(seen.signed.atUnd, false);
      assert.ok(pageText(seen.banner).startsWith('Kontrollen visar nu: LMA-kort EJ giltigt — '));
    });

    it('R6: at midnight, Stockholm time, a card lapses everywhere at once, and its AT-UND leaves the answer', async () => {
      const a = await anApplicantWithActiveCard(f.s.service, ADULT, '2026-03-02'); // valid until 2026-06-02
      await f.s.service.setAtUnd(OFFICER, a.applicantId, { granted: true, effectiveDate: '2026-03-02' });
      f.s.clock.set('2026-06-02T23:59:59+02:00');
      let seen = await everything(a.applicantId, a.code);
      assert.equal(seen.key, 'valid/true');
      assert.equal(seen.entry, 1);
      f.s.clock.set('2026-06-03T00:00:00+02:00');
      seen = await everything(a.applicantId, a.code);
      assert.equal(seen.key, 'not_valid/false');
      assert.equal(seen.entry, 2);
      assert.equal(seen.card.standing.kind, 'lapsed');
      assert.equal(seen.card.standing.since, '2026-06-03');
      assert.match(pageText(seen.banner), /utgånget 2026-06-03 – inte förnyat/);
      assert.match(pageText(seen.banner), /AT-UND finns men visas inte förrän kortet förnyas/);
    });
  });
}
