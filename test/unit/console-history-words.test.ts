// The history read as sentences in Swedish and English: each recorded action, its details named
// (cards by number, decisions and reasons by their words), and never raw JSON.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historySentence } from '../../src/http/officer/console/history-words.ts';
import { wordsFor } from '../../src/http/officer/console/texts.ts';
import type { HistoryEntry } from '../../src/store/record-store.ts';

const sv = wordsFor('sv');
const en = wordsFor('en');
const entry = (action: string, details: Record<string, unknown>, actor = 'officer:anna'): HistoryEntry => ({
  at: '2026-12-04T10:00:00Z',
  actor,
  action,
  details,
  correlationId: null,
});
const cards = new Map([['c1', '42-431936/1']]);

describe('history as sentences', () => {
  it('a visit says what it did to the card', () => {
    const visit = entry('visit.registered', {
      visitId: 'v',
      date: '2026-12-04',
      cardId: 'c1',
      validUntil: '2027-03-04',
      extended: true,
    });
    assert.equal(
      historySentence(sv, visit, cards),
      'anna registrerade ett besök; kortet gäller till 2027-03-04.',
    );
    assert.equal(
      historySentence(en, visit, cards),
      'anna registered a visit; the card is valid until 2027-03-04.',
    );
    assert.equal(
      historySentence(sv, entry('visit.registered', { cardId: null, validUntil: null, extended: false })),
      'anna registrerade ett besök; det fanns inget aktivt kort att förlänga.',
    );
  });

  it('cards by their number, decisions and reasons by name', () => {
    assert.equal(
      historySentence(sv, entry('card.cancelled', { cardId: 'c1', reason: 'lost' }), cards),
      'anna spärrade kort 42-431936/1 (förlorat).',
    );
    assert.equal(
      historySentence(
        sv,
        entry('decision.registered', { decisionId: 'd', type: 'rejected', effectiveDate: '2026-12-04' }),
      ),
      'anna registrerade beslutet "avslag" från 2026-12-04.',
    );
    assert.equal(
      historySentence(
        en,
        entry('card.handed_over', { cardId: 'c1', date: '2026-12-04', validUntil: '2027-03-04' }),
        cards,
      ),
      'anna handed over card 42-431936/1; the card is valid until 2027-03-04.',
    );
    assert.equal(
      historySentence(
        sv,
        entry('officer.sign_in_failed', { username: 'nobody', reason: 'unknown_username' }, 'console'),
      ),
      'Misslyckad inloggning som nobody.',
    );
  });

  it('an action without its own sentence still reads as words, not JSON', () => {
    const s = historySentence(sv, entry('something.new', { secret: { nested: true } }));
    assert.equal(s, 'anna: something.new.');
  });
});
