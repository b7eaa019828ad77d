// The history (P4) as sentences an officer reads: "olle registrerade ett besök; kortet gäller till
// 2027-03-04." Each recorded action has its template in the catalogue's "history" group (texts/);
// the details fill it in, cards by their number, decisions and reasons by their names. Never raw JSON.

import { CANCEL_REASONS, type CancelReason } from '../../../domain/card.ts';
import { DECISION_TYPES, type DecisionType } from '../../../domain/coverage.ts';
import type { HistoryEntry } from '../../../store/record-store.ts';
import { fill, type WordKey, type Words } from './texts.ts';

/** Who did it, as officers know each other: the username, without the "officer:" the record keeps. */
export function actorName(actor: string): string {
  return actor.startsWith('officer:') ? actor.slice('officer:'.length) : actor;
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '–');

function templateOf(t: Words, e: HistoryEntry): string {
  if (e.action === 'visit.registered') {
    if (!e.details.validUntil) return t.h_visit_no_card;
    return e.details.extended ? t.h_visit_extended : t.h_visit_unchanged;
  }
  const key = `h_${e.action.replace('.', '_')}` as WordKey;
  return key in t ? t[key] : t.h_other;
}

/**
 * One history entry as a sentence in the officer's language. `cardNumbers` names cards by id (the
 * applicant's cards; the sign-in log has none).
 */
export function historySentence(
  t: Words,
  e: HistoryEntry,
  cardNumbers: ReadonlyMap<string, string> = new Map(),
): string {
  const d = e.details;
  const type = d.type as string;
  const reason = d.reason as string;
  const kind = d.kind as string;
  const values: Record<string, string> = {
    who: actorName(e.actor),
    action: e.action,
    card: cardNumbers.get(str(d.cardId)) ?? '–',
    number: str(d.number),
    dossierNumber: str(d.dossierNumber),
    validUntil: str(d.validUntil),
    effectiveDate: str(d.effectiveDate),
    type: (DECISION_TYPES as readonly string[]).includes(type)
      ? t[`decision_${type as DecisionType}`].toLowerCase()
      : str(type),
    reason: (CANCEL_REASONS as readonly string[]).includes(reason)
      ? t[`reason_${reason as CancelReason}`].toLowerCase()
      : str(reason),
    kind:
      kind === 'card_ready' || kind === 'reminder' || kind === 'card_cancelled'
        ? t[`letter_${kind}`]
        : str(kind),
    username: str(d.username ?? actorName(e.actor)),
    name: str(d.name),
    cards: str(d.cards),
  };
  return fill(templateOf(t, e), values);
}
