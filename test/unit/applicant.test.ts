import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dossierNumberFromRandom,
  isDossierNumber,
  LANGUAGES,
  normalisePersonalIdentityNumber,
} from '../../src/domain/applicant.ts';

/** The Swedish personal identity number check digit, written out here: Luhn over YYMMDDNNN. */
function checkDigit(nine: string): number {
  assert.match(nine, /^\d{9}$/);
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}

/** A well-formed 12-digit number for a date (YYYYMMDD) and a 3-digit birth number, with its check digit. */
function pin(yyyymmdd: string, birthNumber: string): string {
  return `${yyyymmdd}${birthNumber}${checkDigit(yyyymmdd.slice(2) + birthNumber)}`;
}

describe('R1: dossier numbers', () => {
  const good = ['12-345678', '00-000000', '99-999999'];
  const bad = [
    '12345678',
    '123-45678',
    '12-34567',
    '12-3456789',
    'AB-345678',
    '12_345678',
    ' 12-345678',
    '12-345678/1',
    '',
  ];
  for (const value of good) {
    it(`R1: ${value} is a dossier number`, () => assert.equal(isDossierNumber(value), true));
  }
  for (const value of bad) {
    it(`R1: ${JSON.stringify(value)} is not a dossier number`, () =>
      assert.equal(isDossierNumber(value), false));
  }

  const random: [number, string][] = [
    [0, '00-000000'],
    [42, '00-000042'],
    [1_234_567, '01-234567'],
    [12_345_678, '12-345678'],
    [99_999_999, '99-999999'],
  ];
  for (const [n, expected] of random) {
    it(`R1: a random ${n} becomes dossier number ${expected}, padded with zeros`, () => {
      const asked: number[] = [];
      const result = dossierNumberFromRandom((max) => {
        asked.push(max);
        return n;
      });
      assert.equal(result, expected);
      assert.equal(isDossierNumber(result), true);
      assert.deepEqual(asked, [100_000_000]);
    });
  }
});

describe('R12: personal identity numbers', () => {
  it('the independent check digit agrees with the commonly cited test number 19811218-9876', () => {
    assert.equal(checkDigit('811218987'), 6);
  });

  const accepted: [input: string, stored: string, why: string][] = [
    ['19811218-9876', '198112189876', 'the commonly cited test number, with hyphen'],
    ['198112189876', '198112189876', 'without a hyphen'],
    ['19811218+9876', '198112189876', "with '+'"],
    ['  19811218-9876 ', '198112189876', 'with surrounding spaces'],
    [pin('20240229', '123'), pin('20240229', '123'), 'born on a leap day'],
    [pin('19000101', '001'), pin('19000101', '001'), 'an early date'],
    [pin('19811278', '987'), pin('19811278', '987'), 'a co-ordination number (day 18 + 60)'],
    [pin('20240289', '234'), pin('20240289', '234'), 'a co-ordination number on a leap day (29 + 60)'],
    [pin('19900161', '555'), pin('19900161', '555'), 'a co-ordination number for the 1st (1 + 60)'],
    [pin('19900191', '555'), pin('19900191', '555'), 'a co-ordination number for the 31st (31 + 60)'],
  ];
  for (const [input, stored, why] of accepted) {
    it(`R12: ${JSON.stringify(input)} is accepted and stored as ${stored} (${why})`, () => {
      assert.equal(normalisePersonalIdentityNumber(input), stored);
    });
  }

  it('R12: with a hyphen or a plus, a generated number is stored as 12 digits', () => {
    const number = pin('19750607', '314');
    const dashed = `${number.slice(0, 8)}-${number.slice(8)}`;
    const plus = `${number.slice(0, 8)}+${number.slice(8)}`;
    assert.equal(normalisePersonalIdentityNumber(dashed), number);
    assert.equal(normalisePersonalIdentityNumber(plus), number);
  });

  it('R12: every wrong check digit is refused', () => {
    for (const base of ['198112189876', pin('20240229', '123'), pin('19811278', '987')]) {
      for (let d = 0; d <= 9; d++) {
        const candidate = base.slice(0, 11) + d;
        const expected = candidate === base ? base : null;
        assert.equal(normalisePersonalIdentityNumber(candidate), expected, candidate);
      }
    }
  });

  const impossible: [date: string, why: string][] = [
    ['20230230', '30 February'],
    ['20230229', '29 February in a non-leap year'],
    ['19000229', '29 February 1900 (not a leap year)'],
    ['20230431', '31 April'],
    ['20231301', 'month 13'],
    ['20230001', 'month 0'],
    ['20230100', 'day 0'],
    ['20230132', 'day 32'],
    ['20230160', 'co-ordination day 60 (day 0)'],
    ['20230192', 'co-ordination day 92 (day 32)'],
    ['20230289', 'co-ordination 29 February in a non-leap year'],
    ['20230140', 'day 40 (neither a date nor a co-ordination day)'],
    ['00500101', 'year 0050 (read as 1950 by Date.UTC, so checked first)'],
    ['18000101', 'a birth year before 1900'],
  ];
  for (const [date, why] of impossible) {
    it(`R12: ${date} with a correct check digit is refused (${why})`, () => {
      assert.equal(normalisePersonalIdentityNumber(pin(date, '123')), null);
    });
  }

  const malformed: [string, string][] = [
    ['811218-9876', 'the 10-digit form without century'],
    ['8112189876', 'ten digits'],
    ['1981121-89876', 'hyphen in the wrong place'],
    ['19811218--9876', 'two hyphens'],
    ['19811218 9876', 'a space instead of a hyphen'],
    ['19811218-987', 'too short'],
    ['19811218-98760', 'too long'],
    ['1981121A-9876', 'a letter'],
    ['', 'empty'],
  ];
  for (const [input, why] of malformed) {
    it(`R12: ${JSON.stringify(input)} is refused (${why})`, () => {
      assert.equal(normalisePersonalIdentityNumber(input), null);
    });
  }
});

describe('applicant languages', () => {
  it('letters can be written in Swedish and English among others, each language once', () => {
    assert.ok(LANGUAGES.includes('sv'));
    assert.ok(LANGUAGES.includes('en'));
    assert.equal(new Set(LANGUAGES).size, LANGUAGES.length);
  });
});
