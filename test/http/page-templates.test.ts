// C4: the lookup page spliced from pre-rendered segments is renderAnswerPage's page, byte for byte,
// for every language, every kind of answer and both AT-UND states.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardCodeFromRandom } from '../../src/domain/card-code.ts';
import { type PageAnswer, renderAnswerPage } from '../../src/http/public/lookup-page.ts';
import { PageTemplates } from '../../src/http/public/page-templates.ts';
import { PAGE_LANGUAGES } from '../../src/http/public/texts.ts';
import { seeded, seededBytes } from '../support/random.ts';

const next = seeded(20260602);

const KINDS: { kind: PageAnswer['kind']; atUnd: boolean; withCode: boolean; specimen?: true }[] = [
  { kind: 'valid', atUnd: false, withCode: true },
  { kind: 'valid', atUnd: true, withCode: true },
  { kind: 'not_valid', atUnd: false, withCode: true },
  { kind: 'not_valid', atUnd: true, withCode: true },
  // A specimen card's page (EXEMPEL first) is a template of its own, never a real answer's.
  { kind: 'valid', atUnd: false, withCode: true, specimen: true },
  { kind: 'valid', atUnd: true, withCode: true, specimen: true },
  { kind: 'not_valid', atUnd: false, withCode: true, specimen: true },
  { kind: 'not_valid', atUnd: true, withCode: true, specimen: true },
  { kind: 'unknown', atUnd: false, withCode: true },
  { kind: 'rate_limited', atUnd: false, withCode: false },
  { kind: 'unavailable', atUnd: false, withCode: false },
];
/** A valid answer for a fresh code (with AT-UND and the moment as given). */
function aValidAnswer(atUnd = false, checkedDate = '2026-06-02', checkedTime = '12:00:00'): PageAnswer {
  const code = cardCodeFromRandom(seededBytes(next));
  return { kind: 'valid', atUnd, code, typed: null, checkedDate, checkedTime };
}

const MOMENTS = [
  ['2026-06-02', '00:00:00'],
  ['2026-12-31', '23:59:59'],
  ['2027-03-28', '03:00:01'],
];

describe('pre-rendered lookup pages', () => {
  for (const lang of PAGE_LANGUAGES) {
    for (const { kind, atUnd, withCode, specimen } of KINDS) {
      it(`${lang}, ${specimen ? 'specimen ' : ''}${kind}${atUnd ? ' with AT-UND' : ''}: spliced equals rendered, byte for byte`, () => {
        const pages = new PageTemplates();
        for (const [date, time] of MOMENTS) {
          for (let i = 0; i < 5; i++) {
            const code = withCode ? cardCodeFromRandom(seededBytes(next)) : null;
            const answer: PageAnswer = {
              kind,
              atUnd,
              ...(specimen ? { specimen } : {}),
              code,
              typed: null,
              checkedDate: date as string,
              checkedTime: time as string,
            };
            const selfPath = code ? `/k/${code}` : '/k/';
            assert.ok(pages.for(lang, answer, selfPath), 'this page is served from a template');
            const spliced = pages.page(lang, answer, selfPath);
            assert.ok(Buffer.isBuffer(spliced));
            assert.equal(
              (spliced as Buffer).toString('utf8'),
              renderAnswerPage(lang, answer, selfPath),
              `${code} ${date} ${time}`,
            );
            assert.ok((spliced as Buffer).equals(Buffer.from(renderAnswerPage(lang, answer, selfPath))));
          }
        }
      });
    }

    it(`${lang}: a specimen card and a real card with the same answer get different pages`, () => {
      const pages = new PageTemplates();
      const real = aValidAnswer();
      const code = real.code as string;
      const specimen: PageAnswer = { ...real, specimen: true };
      const realPage = pages.page(lang, real, `/k/${code}`).toString();
      const specimenPage = pages.page(lang, specimen, `/k/${code}`).toString();
      assert.doesNotMatch(realPage, /data-specimen/);
      assert.match(specimenPage, /data-specimen="true"/);
    });

    it(`${lang}: a date or time that is not ASCII, or not of the usual length, is still spliced byte for byte`, () => {
      const pages = new PageTemplates();
      for (const [date, time] of [
        ['2026-06-02', '١٢:٣٤:٥٦'],
        ['２０２６-06-02', '12:34:56'],
        ['2026-06-02', '12:34:56'],
        // Not the usual lengths: spliced all the same.
        ['2026-06-02', '9:00:00'],
        ['+012026-06-02', '12:34:56.5'],
      ] as const) {
        const answer = aValidAnswer(true, date, time);
        const code = answer.code as string;
        const page = pages.page(lang, answer, `/k/${code}`);
        assert.ok(Buffer.isBuffer(page));
        assert.ok(page.equals(Buffer.from(renderAnswerPage(lang, answer, `/k/${code}`))), `${date} ${time}`);
      }
    });

    it(`${lang}: a page for another address than the code's own is rendered, not spliced`, () => {
      const pages = new PageTemplates();
      const answer = aValidAnswer();
      const code = answer.code as string;
      for (const path of [`/k/${code}x`, `/x/${code}`, `/k/${code.slice(1)}`, '/k/'])
        assert.equal(pages.for(lang, answer, path), null, path);
      assert.ok(pages.for(lang, answer, `/k/${code}`));
    });

    it(`${lang}: a malformed answer echoes what was typed, so it is rendered, not spliced`, () => {
      const pages = new PageTemplates();
      const answer: PageAnswer = {
        kind: 'malformed',
        atUnd: false,
        code: null,
        typed: '<b>ABCD</b>&"',
        checkedDate: '2026-06-02',
        checkedTime: '12:00:00',
      };
      assert.equal(pages.for(lang, answer, '/k/'), null);
      assert.equal(pages.page(lang, answer, '/k/'), renderAnswerPage(lang, answer, '/k/'));
    });
  }
});
