// Guidance is data: one rulebook per organisation, the region's routine as the default for
// healthcare, replaceable by an operator (LMA_RULEBOOK_DIR) and checked at start-up with the file and
// the field named.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ANSWER_CASES,
  DEFAULT_RULEBOOK_DIR,
  loadRulebooks,
  ROLES,
  RulebookError,
} from '../../../src/http/verify/rulebooks.ts';
import { runCli, tempDataDir } from '../../support/cli.ts';

const books = loadRulebooks();
const all = (value: unknown): string => JSON.stringify(value);

/** A copy of the shipped rulebooks with one file changed by `edit`. */
function withEdited(file: string, edit: (book: Record<string, unknown>) => unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'lmakort-rulebooks-'));
  cpSync(DEFAULT_RULEBOOK_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const book = JSON.parse(readFileSync(path, 'utf8'));
  const changed = edit(book);
  writeFileSync(path, typeof changed === 'string' ? changed : JSON.stringify(changed ?? book));
  return dir;
}

function refusal(dir: string): RulebookError {
  try {
    loadRulebooks(dir);
  } catch (error) {
    assert.ok(error instanceof RulebookError, String(error));
    return error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.fail('the rulebooks were accepted');
}

describe('the shipped rulebooks', () => {
  it('one per role, each with guidance for every answer in Swedish and English', () => {
    assert.deepEqual(Object.keys(books).sort(), [...ROLES].sort());
    for (const role of ROLES)
      for (const c of ANSWER_CASES) {
        const g = books[role].answers[c];
        assert.ok(g.meaning.sv && g.meaning.en, `${role}.${c}`);
        for (const step of g.steps) assert.ok(step.sv && step.en, `${role}.${c} step`);
      }
  });

  describe('healthcare follows the region routine (seed 000) line by line', () => {
    const region = books.healthcare;
    it('valid: asylum seeker, whatever the region; VAS dates are wrong, look up every time', () => {
      const g = all(region.answers.valid);
      assert.match(g, /personen är asylsökande/);
      assert.match(g, /oavsett vilken region/);
      assert.match(g, /giltighetstiden i VAS är ett datum som inte stämmer/);
    });
    it('not valid: ask — rejected → undocumented, code 66; not renewed → call, rebook, or invoice', () => {
      const g = region.answers.not_valid;
      assert.match(all(g.steps), /Fråga personen om hen har fått avslag/);
      const [rejected, notRenewed] = g.ask?.options ?? [];
      assert.match(all(rejected), /Har fått avslag/);
      assert.match(all(rejected), /tillståndslös/);
      assert.match(all(rejected), /ändras till 66/);
      assert.match(all(notRenewed), /Har inte uppdaterat/);
      assert.match(all(notRenewed), /Ring Migrationsverket/);
      assert.match(all(notRenewed), /boka ny tid/);
      assert.match(all(notRenewed), /utomlänsprislistan/);
      assert.match(all(notRenewed), /fakturan får justeras/);
      assert.match(all(notRenewed), /mellan 8-12/);
      assert.ok(notRenewed?.steps.some((s) => s.contacts?.includes('migrationsverket')));
    });
    it('not valid with AT-UND: no longer an asylum seeker, may still work', () => {
      const g = all(region.answers.not_valid_at_und);
      assert.match(g, /inte är asylsökande längre/);
      assert.match(g, /studier, forskare, idrottare eller anknytning/);
      assert.match(g, /statlig ersättning/);
      assert.match(g, /fortfarande ha rätt att arbeta/);
    });
    it('no card has this code: a typo or a false card — check the code, ask; 66 only when the person says the case is over', () => {
      const g = region.answers.unknown;
      assert.match(all(g.meaning), /felskriven kod eller ett kort som inte är äkta/);
      assert.match(all(g.steps), /Kontrollera först att koden är rätt/);
      assert.match(all(g.steps), /godta inte kortet som bevis/);
      const [over, seeker] = g.ask?.options ?? [];
      assert.match(all(over), /avslag/);
      assert.match(all(over), /ändras till 66/);
      assert.match(all(seeker), /Ring GAS/);
    });
    it('every role: a code of no card is never read as "undocumented" and the card is not accepted as proof', () => {
      for (const role of ROLES) {
        const g = books[role].answers.unknown;
        const direct = all([g.meaning, g.steps]);
        assert.doesNotMatch(direct, /är (då )?tillståndslös|ändras till 66/, role);
        assert.match(direct, /godta inte kortet som bevis/, role);
        assert.match(direct, /QR-koden|kortets baksida/, role);
      }
    });
    it('every role: a bare "EJ giltigt" asks — rejected, or not renewed?', () => {
      for (const role of ROLES)
        assert.match(all(books[role].answers.not_valid), /avslag.*(inte har (förnyats|uppdaterat))/s, role);
    });
    it('an old card without QR: ask GAS (Melker), with its numbers, menu choices and hours', () => {
      const note = region.notes.find((n) => n.id === 'old-card');
      assert.match(all(note), /GAS/);
      assert.match(all(note), /Melker/);
      assert.deepEqual(note?.steps[0]?.contacts, ['gas']);
    });
    it('re-applicants with a Swedish personal identity number: every bullet of the routine', () => {
      const note = all(region.notes.find((n) => n.id === 're-applicant'));
      for (const line of [
        /LMA-kort som ska uppvisas vid vårdbesök/,
        /svenska personnummer i sjukvården, inget reservnummer/,
        /inte ha län- och kommunkod 88\/88/,
        /Avgifter och regelverk gäller som för asylsökande/,
        /Avgiftstyperna för asylsökande ska användas/,
      ])
        assert.match(note, line);
    });
    it('phone numbers and hours exactly as the seed gives them', () => {
      const gas = region.contacts.gas;
      assert.equal(gas?.hours?.sv, 'Måndag till fredag 08.00-16.00.');
      assert.deepEqual(
        gas?.lines.map((l) => [l.label.sv, l.phone, l.menu?.sv]),
        [
          ['Vårdenheter i egen regi', '010-47 61 900', 'Val 2 följt av val 5 följt av val 2'],
          ['Vårdenheter i privat regi', '010-45 53 950', 'Val 2 följt av val 5'],
        ],
      );
      assert.deepEqual(
        region.contacts.migrationsverket?.lines.map((l) => [l.label.sv, l.phone, l.hours?.sv]),
        [
          ['Mottagningsenheten i Halmstad', '010-485 74 63', undefined],
          ['Migrationsverket Göteborg', '010-485 37 42', 'telefontid måndag – fredag kl. 9-12'],
        ],
      );
    });
  });
});

describe('a replaced rulebook is checked at start-up, naming the file and the field', () => {
  const cases: [string, string, (b: Record<string, unknown>) => unknown, RegExp][] = [
    [
      'a missing answer',
      'pharmacy-default.json',
      (b) => {
        delete (b.answers as Record<string, unknown>).not_valid_at_und;
      },
      /pharmacy-default\.json: answers\.not_valid_at_und is missing/,
    ],
    [
      'a step without Swedish',
      'employer-default.json',
      (b) => {
        const steps = (b.answers as Record<string, { steps: Record<string, string>[] }>).valid?.steps;
        if (steps?.[0]) delete steps[0].sv;
      },
      /employer-default\.json: answers\.valid\.steps\[0\]\.sv must be a non-empty string/,
    ],
    [
      'a misspelt field',
      'other-default.json',
      (b) => ({ ...b, anwsers: {} }),
      /other-default\.json: anwsers is not a known field/,
    ],
    [
      'a phone number with letters',
      'region-default.json',
      (b) => {
        const gas = (b.contacts as Record<string, { lines: { phone: string }[] }>).gas;
        if (gas?.lines[0]) gas.lines[0].phone = 'ring GAS';
      },
      /region-default\.json: contacts\.gas\.lines\[0\]\.phone must be a phone number/,
    ],
    [
      'a step naming a contact that does not exist',
      'region-default.json',
      (b) => {
        const c = b.contacts as Record<string, unknown>;
        delete c.migrationsverket;
      },
      /region-default\.json: answers\.not_valid\.ask\.options\[1\]\.steps\[0\]\.contacts\[0\] names no contact/,
    ],
    [
      'a role nobody has',
      'other-default.json',
      (b) => ({ ...b, role: 'bank' }),
      /other-default\.json: role must be one of/,
    ],
    ['broken JSON', 'other-default.json', () => '{"format": ', /other-default\.json: is not valid JSON/],
  ];
  for (const [what, file, edit, message] of cases)
    it(what, () => {
      assert.match(refusal(withEdited(file, edit)).message, message);
    });

  it('two files for one role, or a role without a file', () => {
    const twice = withEdited('other-default.json', (b) => ({ ...b, role: 'pharmacy' }));
    assert.match(
      refusal(twice).message,
      /pharmacy-default\.json: role "pharmacy" is also the role of .*other-default\.json/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'lmakort-rulebooks-'));
    cpSync(join(DEFAULT_RULEBOOK_DIR, 'region-default.json'), join(dir, 'my-region.json'));
    assert.match(refusal(dir).message, /has no rulebook with "role": "pharmacy"/);
  });

  it('lmakort serve stops before starting, naming the file and field', async () => {
    const dir = withEdited('region-default.json', (b) => ({ ...b, format: 'v0' }));
    try {
      const r = await runCli(['serve'], { LMA_RULEBOOK_DIR: dir, LMA_DATA_DIR: tempDataDir(), PORT: '0' });
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /lmakort: rulebook .*region-default\.json: format must be "lmakort-rulebook\/1"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
