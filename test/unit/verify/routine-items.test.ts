// The healthcare rulebook carries the region's routine, all of it. The routine's actionable items —
// forms, amounts, codes, phone numbers, steps — are kept as data in test/fixtures/routine-items.json,
// each in our own words with the rulebook entry that must carry it; this fails when the shipped
// rulebook loses one, or when an entry named there no longer exists.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type Guidance,
  loadRulebooks,
  type Rulebook,
  type Step,
} from '../../../src/http/verify/rulebooks.ts';

interface RoutineItem {
  item: string;
  entry: string;
  says: string[];
}
const { items } = JSON.parse(
  readFileSync(new URL('../../fixtures/routine-items.json', import.meta.url), 'utf8'),
) as { items: RoutineItem[] };

/** The Swedish text of some steps, with every contact they name (its name, hours, lines, numbers). */
function stepsText(book: Rulebook, steps: Step[]): string[] {
  return steps.flatMap((s) => [s.sv, ...(s.contacts ?? []).map((id) => contactText(book, id))]);
}
function contactText(book: Rulebook, id: string): string {
  const c = book.contacts[id];
  if (!c) return '';
  return [
    c.name.sv,
    c.about?.sv,
    c.hours?.sv,
    ...c.lines.flatMap((l) => [l.label.sv, l.phone, l.menu?.sv, l.hours?.sv]),
  ]
    .filter(Boolean)
    .join(' ');
}

/** What one entry says, or null when the rulebook has no such entry. */
function entryText(book: Rulebook, entry: string): string | null {
  const [kind, id, rest] = entry.split('.');
  if (kind === 'contacts') return book.contacts[id as string] ? contactText(book, id as string) : null;
  if (kind === 'notes') {
    const note = book.notes.find((n) => n.id === id);
    return note ? [note.title.sv, ...stepsText(book, note.steps)].join('\n') : null;
  }
  if (kind === 'answers') {
    const g = (book.answers as Record<string, Guidance | undefined>)[id as string];
    if (!g) return null;
    if (rest === undefined) return [g.meaning.sv, ...stepsText(book, g.steps)].join('\n');
    const n = /^ask\[(\d+)\]$/.exec(rest);
    const option = n ? g.ask?.options[Number(n[1])] : undefined;
    return option ? [option.answer.sv, ...stepsText(book, option.steps)].join('\n') : null;
  }
  return null;
}

describe('the healthcare rulebook carries every actionable item of the region routine', () => {
  const book = loadRulebooks().healthcare;

  it('the list of items is the routine, not a handful', () => {
    assert.ok(items.length >= 45, `${items.length} items`);
    for (const needle of ['4492', '1820 kronor', '244011', '88/88', 'reservnummer', '601 70 Norrköping'])
      assert.ok(
        items.some((i) => i.says.includes(needle)),
        `an item holds "${needle}"`,
      );
  });

  for (const { item, entry, says } of items) {
    it(`${item} (${entry})`, () => {
      const text = entryText(book, entry);
      assert.ok(text !== null, `the rulebook has no entry ${entry}`);
      for (const words of says)
        assert.ok(
          text.toLowerCase().includes(words.toLowerCase()),
          `${entry} does not say "${words}":\n${text}`,
        );
    });
  }

  it('no answer concludes "tillståndslös" or code 66 from a code of no card alone', () => {
    const unknown = book.answers.unknown;
    const direct = [unknown.meaning.sv, ...unknown.steps.map((s) => s.sv)].join('\n');
    assert.doesNotMatch(direct, /ska (då )?ändras till 66/);
    assert.doesNotMatch(direct, /personen .*är (då )?tillståndslös/i);
    assert.ok(unknown.ask, 'the person is asked first');
  });
});
