// The verifier's guidance with no script, over real HTTP: `GET /verify?role=&answer=` renders the
// guidance for one role and one answer on the server — the lookup page's "Vad gör jag nu?" links land
// there — with the questions to ask as <details> that open without script, the phone numbers as tel:
// links, every other role and language one link away. Bad input gets 400 naming the field.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ROLES } from '../../src/http/verify/rulebooks.ts';
import { backends } from '../support/backends.ts';
import { appOn, type Json } from '../support/http.ts';
import { anApplicantWithActiveCard, anApplicantWithChangedGrounds } from '../support/system.ts';

const backend = backends[0] as (typeof backends)[number];
const CASES = [
  'valid',
  'valid_at_und',
  'not_valid',
  'not_valid_at_und',
  'unknown',
  'malformed',
  'could_not_check',
];

describe('the guidance rendered on the server (/verify?role=&answer=)', () => {
  const f = appOn(backend);
  let valid: string;
  let changedGrounds: string;

  before(async () => {
    valid = (await anApplicantWithActiveCard(f.s.service)).code;
    const changed = await anApplicantWithChangedGrounds(f.s.service);
    changedGrounds = changed.code;
  });

  const get = async (path: string) => {
    const res = await fetch(`${f.web.url}${path}`);
    return { res, text: await res.text() };
  };

  it('every role has a page for every answer: HTML, no script, the app’s own strict headers, no cookie', async () => {
    for (const role of ROLES)
      for (const answer of CASES) {
        const { res, text } = await get(`/verify?role=${role}&answer=${answer}`);
        assert.equal(res.status, 200, `${role} ${answer}`);
        assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
        assert.equal(res.headers.get('set-cookie'), null);
        assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /unsafe-inline/);
        assert.doesNotMatch(text, /<script/i, 'nothing to run');
        assert.ok(text.includes(`data-role="${role}" data-case="${answer}"`), `${role} ${answer}`);
        assert.match(text, /<p class="meaning">[^<]+<\/p><ol><li>/, 'what it means, then what to do');
      }
  });

  it('healthcare, EJ giltigt: the question, each answer a <details> with its own steps, numbers as tel: links', async () => {
    const { text } = await get('/verify?role=healthcare&answer=not_valid');
    assert.ok(text.includes('<title>Vad svaret betyder – Vård – LMA-kort – kontroll</title>'));
    assert.ok(text.includes('Svaret: <strong>LMA-kort EJ giltigt</strong>'));
    assert.ok(text.includes('Fråga personen om hen har fått avslag'));
    assert.ok(text.includes('<p class="question">Vad svarar personen?</p>'));
    const options = [
      ...text.matchAll(/<details class="option"[^>]*><summary>([^<]+)<\/summary>(.*?)<\/details>/g),
    ];
    assert.deepEqual(
      options.map((o) => o[1]),
      [
        'Har fått avslag',
        'Har inte uppdaterat sitt LMA-kort',
        'Kortet är borttappat, stulet eller ersatt',
        'Har fått uppehållstillstånd',
      ],
    );
    assert.match(options[0]?.[2] ?? '', /Län- och kommunkod ska ändras till 66\./);
    assert.match(options[1]?.[2] ?? '', /<a href="tel:\+46104857463" dir="ltr">010-485 74 63<\/a>/);
    assert.match(options[1]?.[2] ?? '', /utomlänsprislistan/);
    // The rest of the routine, one tap away.
    for (const note of ['protected-address', 'costly-care', 'health-examination', 'louh', 're-applicant'])
      assert.ok(text.includes(`data-testid="note-${note}"`), note);
    assert.ok(text.includes('blankett nr 4492'));
    assert.ok(text.includes('1820 kronor'));
  });

  it('a code of no card: no role concludes "tillståndslös" before the person is asked', async () => {
    for (const role of ROLES) {
      const { text } = await get(`/verify?role=${role}&answer=unknown`);
      const beforeQuestions = text.split('<details')[0] ?? '';
      assert.doesNotMatch(beforeQuestions, /tillståndslös\.|ska ändras till 66/, role);
      assert.match(beforeQuestions, /godta inte kortet som bevis/, role);
    }
    const { text } = await get('/verify?role=healthcare&answer=unknown');
    assert.match(
      text,
      /<summary>Har fått avslag eller ärendet är avslutat<\/summary><ol><li>Personen tolkas som tillståndslös\./,
    );
  });

  it('EJ giltigt with AT-UND: no longer an asylum seeker, may still work', async () => {
    const { text } = await get('/verify?role=healthcare&answer=not_valid_at_und');
    assert.ok(text.includes('Svaret: <strong>LMA-kort EJ giltigt · AT-UND finns</strong>'));
    assert.ok(text.includes('inte är asylsökande längre'));
    assert.ok(text.includes('fortfarande ha rätt att arbeta'));
  });

  it('another language: the page in it, guidance in English where the rulebook has no translation, said so', async () => {
    const { text } = await get('/verify?role=employer&answer=valid_at_und&lang=ar');
    assert.ok(text.startsWith('<!doctype html><html lang="ar" dir="rtl">'));
    assert.ok(text.includes('صاحب عمل'), 'the role in Arabic');
    assert.ok(text.includes('<div lang="en" dir="ltr"><p class="meaning">LMA card valid and AT-UND'));
    assert.ok(
      text.includes('href="/verify?role=healthcare&amp;answer=valid_at_und&amp;lang=ar"'),
      'role switch',
    );
    assert.ok(text.includes('href="/verify?role=employer&amp;answer=valid_at_und"'), 'back to Swedish');
    assert.ok(text.includes('href="/verify?role=employer&amp;lang=ar"'), 'to the app, role preset');
  });

  it('every "Vad gör jag nu?" link of the lookup page leads to its guidance', async () => {
    for (const path of [
      `/k/${valid}`,
      `/k/${changedGrounds}?lang=ti`,
      '/k/0000-0000-0000-0',
      '/k/ABCD-EFGH-JKMN-0',
    ]) {
      const { text: page } = await get(path);
      const links = [...page.matchAll(/<a href="(\/verify\?[^"]+)"/g)].map((m) =>
        (m[1] as string).replaceAll('&amp;', '&'),
      );
      assert.equal(links.length, 4, path);
      for (const link of links) {
        const { res, text } = await get(link);
        assert.equal(res.status, 200, link);
        const role = new URL(link, f.web.url).searchParams.get('role');
        assert.ok(text.includes(`data-testid="role-${role}">`) && text.includes('aria-current="page"'), link);
      }
    }
  });

  it('?role= alone opens the app with the role preset; the app shell is unchanged', async () => {
    const { res, text } = await get('/verify?role=pharmacy&mode=till');
    assert.equal(res.status, 200);
    assert.match(text, /<script type="module" src="\/verify\/assets\/app\.js"><\/script>/);
  });

  it('bad input: 400 problem+json naming the field', async () => {
    for (const [path, field] of [
      ['/verify?role=healthcare&answer=maybe', 'answer'],
      ['/verify?role=nurse&answer=valid', 'role'],
      ['/verify?answer=valid', 'role'],
      ['/verify?role=nurse', 'role'],
      ['/verify?role=healthcare&answer=valid&lang=de', 'lang'],
    ] as const) {
      const { res, text } = await get(path);
      assert.equal(res.status, 400, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal((JSON.parse(text) as Json).field, field, path);
    }
  });
});
