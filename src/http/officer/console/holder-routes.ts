// R16 in the console: the officer's answers to a holder's report (confirm: cancelled with the reported
// reason and a new card ordered, R10; lift: the card answers as before) and a new personal code (the
// card-ready letter printed again). Each passes a confirming page first; each is recorded (P4) and
// changes nothing when repeated.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cardNumber } from '../../../domain/card.ts';
import type { HolderService } from '../../../services/holder.ts';
import type { Actor, LmaService } from '../../../services/lma-service.ts';
import type { RenderPool } from '../../../services/render-pool.ts';
import { findApplicantById } from '../../../store/applicant-store.ts';
import { type CardRecord, findCardById } from '../../../store/card-store.ts';
import type { Db } from '../../../store/db.ts';
import { findOpenReport } from '../../../store/holder-store.ts';
import { listLetters } from '../../../store/record-store.ts';
import { type FormBody, text, UUID } from './forms.ts';
import { reasonWord } from './holder-views.ts';
import { confirmPage, type PageContext } from './layout.ts';
import { fill } from './texts.ts';

type Req = FastifyRequest<{ Params: { id: string }; Body: FormBody }>;

export interface HolderConsoleDeps {
  db: Db;
  service: LmaService;
  holder: HolderService;
  renderPool: RenderPool;
  ctxOf(request: FastifyRequest): PageContext;
  actorOf(request: FastifyRequest): Actor;
  /** Runs a change for the applicant's page and goes back there saying what changed (or what was wrong). */
  act(
    request: FastifyRequest,
    reply: FastifyReply,
    applicantId: string,
    run: () => Promise<string>,
  ): Promise<unknown>;
  notFound(request: FastifyRequest, reply: FastifyReply): unknown;
}

export function registerHolderConsoleRoutes(app: FastifyInstance, deps: HolderConsoleDeps): void {
  const { db, service, holder, renderPool, ctxOf, actorOf } = deps;

  const cardOf = async (request: Req): Promise<{ card: CardRecord; number: string } | null> => {
    const card = UUID.test(request.params.id) ? await findCardById(db, request.params.id) : null;
    if (!card) return null;
    const applicant = await findApplicantById(db, card.applicantId);
    return { card, number: cardNumber(applicant?.dossierNumber ?? '', card.serial) };
  };

  const ask = (request: Req, reply: FastifyReply, question: string, action: string, card: CardRecord) =>
    reply
      .type('text/html; charset=utf-8')
      .send(confirmPage(ctxOf(request), question, action, {}, `/officer/applicants/${card.applicantId}`));

  for (const outcome of ['confirm', 'lift'] as const) {
    app.post(
      `/cards/:id/holder-report/${outcome}`,
      { config: { access: 'write' } },
      async (request: Req, reply) => {
        const found = await cardOf(request);
        if (!found) return deps.notFound(request, reply);
        const { card, number } = found;
        const t = ctxOf(request).t;
        if (text(request.body, 'confirm') !== 'yes') {
          const open = await findOpenReport(db, card.id);
          const question =
            outcome === 'confirm'
              ? fill(t.holderConfirmQuestion, { number, reason: open ? reasonWord(t, open.reason) : '–' })
              : fill(t.holderLiftQuestion, { number });
          return ask(request, reply, question, `/officer/cards/${card.id}/holder-report/${outcome}`, card);
        }
        return deps.act(request, reply, card.applicantId, async () => {
          const r =
            outcome === 'confirm'
              ? await holder.confirmReport(actorOf(request), card.id)
              : await holder.liftReport(actorOf(request), card.id);
          if (!r.changed) return t.holderNothingOpen;
          return fill(outcome === 'confirm' ? t.holderConfirmed : t.holderLifted, { number });
        });
      },
    );
  }

  // A new personal code: the card-ready letter printed again (its PDF), the old code void.
  app.post('/cards/:id/personal-code', { config: { access: 'write' } }, async (request: Req, reply) => {
    const found = await cardOf(request);
    if (!found) return deps.notFound(request, reply);
    const { card, number } = found;
    const t = ctxOf(request).t;
    if (text(request.body, 'confirm') !== 'yes')
      return ask(
        request,
        reply,
        fill(t.holderNewCodeQuestion, { number }),
        `/officer/cards/${card.id}/personal-code`,
        card,
      );
    const letter = (await listLetters(db, card.applicantId)).find(
      (l) => l.cardId === card.id && l.kind === 'card_ready',
    );
    if (!letter) return deps.act(request, reply, card.applicantId, async () => t.holderNoLetter);
    const doc = await service.letterDocument(letter.id, actorOf(request));
    if (!doc) return deps.notFound(request, reply);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="letter-${letter.id}.pdf"`)
      .send(await renderPool.letterPdf(doc));
  });
}
