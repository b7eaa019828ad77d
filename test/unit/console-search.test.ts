// The console's one search box: a case number with or without its hyphen, a card code typed or the
// whole QR address a hand scanner types (a counterfeit address named, never looked up), a name with
// an optional birth date in the three ways officers write one, and a clear problem otherwise.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardCodeFromRandom, formatCardCode } from '../../src/domain/card-code.ts';
import { buildQrUrl } from '../../src/domain/status-list.ts';
import { readBirthDate, readSearch } from '../../src/http/officer/console/search.ts';

const BASE = 'https://lma.migrationsverket.se';
const CODE = cardCodeFromRandom(new Uint8Array([7, 1, 2, 3, 4, 5, 6, 9]));
const read = (raw: string) => readSearch(raw, BASE);
const problem = (raw: string) => {
  const q = read(raw);
  return q.kind === 'problem' ? q.problem : `not a problem: ${JSON.stringify(q)}`;
};

describe('the console search box', () => {
  it('a case number, with or without the hyphen', () => {
    assert.deepEqual(read('42-431936'), { kind: 'dossier', dossierNumber: '42-431936' });
    assert.deepEqual(read(' 42431936 '), { kind: 'dossier', dossierNumber: '42-431936' });
  });

  it('a card code as printed, typed loosely, or the whole QR address a hand scanner types', () => {
    const want = { kind: 'code', code: CODE, orName: null };
    assert.deepEqual(read(formatCardCode(CODE)), want);
    assert.deepEqual(read(CODE.toLowerCase()), want);
    assert.deepEqual(read(buildQrUrl(BASE, CODE, { list: 2, index: 131071 })), want);
    assert.deepEqual(read(buildQrUrl(BASE, CODE, null)), want);
    // A US-layout scanner on a Swedish keyboard: "/" comes out as "-" and ":" as "Ö".
    const mangled = buildQrUrl(BASE, CODE, { list: 0, index: 17 }).replaceAll('/', '-').replaceAll(':', 'Ö');
    assert.deepEqual(read(mangled), want);
  });

  it("another service's QR code is a counterfeit warning; a code typed wrong says so", () => {
    assert.equal(problem(`https://lma-migrationsverket.example/K/${CODE}`), 'foreign');
    assert.equal(problem(`${BASE}/verify`), 'notCard');
    const typo = `${CODE.slice(0, 5)}${CODE[5] === 'X' ? 'Y' : 'X'}${CODE.slice(6)}`;
    assert.equal(problem(typo), 'typo');
    assert.equal(problem(formatCardCode(typo)), 'typo');
  });

  it('a name, alone or with a birth date written 1996-03-14, 19960314 or 14.03.1996', () => {
    assert.deepEqual(read('Anna  Karlsson'), { kind: 'name', name: 'Anna Karlsson', birthDate: null });
    for (const date of ['1996-03-14', '19960314', '14.03.1996'])
      assert.deepEqual(read(`anna karlsson ${date}`), {
        kind: 'name',
        name: 'anna karlsson',
        birthDate: '1996-03-14',
      });
    assert.deepEqual(read('Al-Hassan'), { kind: 'name', name: 'Al-Hassan', birthDate: null });
    assert.deepEqual(read('Abd-Al-Rahman-Jaber'), {
      kind: 'name',
      name: 'Abd-Al-Rahman-Jaber',
      birthDate: null,
    });
    assert.deepEqual(read('Ögonsten 1996-03-14'), {
      kind: 'name',
      name: 'Ögonsten',
      birthDate: '1996-03-14',
    });
  });

  it('a date written otherwise, a date without a name, or nonsense: a clear problem', () => {
    for (const bad of [
      'Anna 14/03/1996',
      'Anna 1996-02-30',
      'Anna 96-03-14',
      'Anna 1996 03 14',
      'Anna 14.3.1996',
    ])
      assert.equal(problem(bad), 'date', bad);
    assert.equal(problem('1996-03-14'), 'nameMissing');
    assert.equal(problem('14.03.1996'), 'nameMissing');
    assert.equal(problem('123-45'), 'unknown');
    assert.equal(problem('x'.repeat(201)), 'tooLong');
    assert.deepEqual(read('   '), { kind: 'empty' });
  });

  it('a birth date is a real calendar date from 1900', () => {
    assert.equal(readBirthDate('19960314'), '1996-03-14');
    assert.equal(readBirthDate('29.02.2024'), '2024-02-29');
    assert.equal(readBirthDate('29.02.2023'), null);
    assert.equal(readBirthDate('1899-12-31'), null);
  });
});
