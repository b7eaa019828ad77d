// The register extract (GDPR art. 15): everything stored about one applicant — personal data, photo,
// cards, visits, decisions, AT-UND, letters and the history of who did what — as one document.
// Producing it is itself recorded in the applicant's history first (P4), so the extract ends with
// the entry that says who asked for it and when.

import type { Clock } from '../clock.ts';
import type { Language } from '../domain/applicant.ts';
import { loadPhoto } from '../store/applicant-store.ts';
import type { Db } from '../store/db.ts';
import { appendHistory } from '../store/record-store.ts';
import { notFound } from './app-error.ts';
import type { Actor, LmaService } from './lma-service.ts';

export type ExtractFormat = 'json' | 'pdf';

export interface RegisterExtract {
  extract: {
    producedAt: string;
    producedBy: string;
    /** The holder's language: the PDF is in it, with Swedish alongside. */
    language: Language;
  };
  applicant: Record<string, unknown>;
  photo: { contentType: string; takenAt: string | null; base64: string } | null;
  cards: unknown[];
  visits: unknown[];
  decisions: unknown[];
  atUndChanges: unknown[];
  letters: unknown[];
  history: unknown[];
}

export class RegisterExtracts {
  constructor(private readonly deps: { db: Db; service: LmaService; clock: Clock }) {}

  /** Records that `actor` produced the extract, then reads it; 404 when there is no such applicant. */
  async produce(actor: Actor, applicantId: string, format: ExtractFormat): Promise<RegisterExtract> {
    const { db, service, clock } = this.deps;
    const now = clock.now();
    if (!(await service.applicantView(applicantId))) throw notFound('applicant');
    await db.transaction((tx) =>
      appendHistory(tx, {
        at: now,
        actor: actor.name,
        action: 'applicant.extract_produced',
        applicantId,
        details: { format },
        correlationId: actor.correlationId,
      }),
    );
    const view = await service.applicantView(applicantId);
    if (!view) throw notFound('applicant');
    const { cards, visits, decisions, atUndChanges, letters, history, photo, ...applicant } = view;
    const stored = await loadPhoto(db, applicantId);
    return {
      extract: {
        producedAt: now.toISOString(),
        producedBy: actor.name,
        language: view.language as Language,
      },
      applicant,
      photo: stored
        ? {
            contentType: stored.contentType,
            takenAt: (photo as { takenAt: string | null }).takenAt,
            base64: stored.bytes.toString('base64'),
          }
        : null,
      cards: cards as unknown[],
      visits: visits as unknown[],
      decisions: decisions as unknown[],
      atUndChanges: atUndChanges as unknown[],
      letters: letters as unknown[],
      history: history as unknown[],
    };
  }
}
