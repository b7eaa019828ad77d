// A card with its personal code, as the holder has them: the card-ready letter printed, the code read
// from what was printed (R16).

import type { Language } from '../../src/domain/applicant.ts';
import type { Actor, LmaService } from '../../src/services/lma-service.ts';
import type { Db } from '../../src/store/db.ts';
import type { RunningApp } from './http.ts';
import { anApplicantWithActiveCard } from './system.ts';

/** Prints (again) the card's card-ready letter and returns the personal code it carries. */
export async function printCardReadyLetter(
  service: LmaService,
  db: Db,
  cardId: string,
  actor?: Actor,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM letters WHERE card_id = $1 AND kind = 'card_ready'",
    [cardId],
  );
  const letter = await service.letterDocument(rows[0]?.id as string, actor);
  if (!letter?.personalCode) throw new Error('the letter has no personal code');
  return letter.personalCode;
}

export async function aHolder(service: LmaService, db: Db, language: Language = 'sv') {
  const a = await anApplicantWithActiveCard(service, { language });
  return { ...a, personalCode: await printCardReadyLetter(service, db, a.cardId) };
}

export async function holderPost(
  running: RunningApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test JSON
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
}
