// A card's steps from the applicant's page or the card queue: produced, handed over, cancelled (with
// its own page naming the reason), and the answers to a holder's report (holder-routes.ts).

import type { FastifyInstance, FastifyReply } from 'fastify';
import { CANCEL_REASONS, type CancelReason } from '../../../domain/card.ts';
import { HolderService } from '../../../services/holder.ts';
import { findCardById } from '../../../store/card-store.ts';
import { cancelPage } from './applicant-view.ts';
import type { FormErrors, FormValues } from './desk-views.ts';
import { LANGUAGE_NAMES } from './desk-views.ts';
import { text, UUID } from './forms.ts';
import { registerHolderConsoleRoutes } from './holder-routes.ts';
import { actorOf, type ConsoleKit, ctxOf, html, type Req } from './kit.ts';
import type { Notice } from './layout.ts';
import { queueSteps } from './queue-routes.ts';
import { whyWords } from './standing-words.ts';
import { fill } from './texts.ts';

export function registerCardRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service, clock, renderPool } = kit.deps;
  const { dossierOf, notFound, act } = kit;
  const { queueStep } = queueSteps(kit);
  /** Runs a card action for the card's applicant page (or the queue, when it came from there). */
  const cardAction = async (
    request: Req,
    reply: FastifyReply,
    run: (card: { id: string; applicantId: string }) => Promise<string | Notice>,
    values?: FormValues,
  ) => {
    const card = UUID.test(request.params.id) ? await findCardById(db, request.params.id) : null;
    if (!card) return notFound(request, reply);
    if (text(request.body, 'back') === 'queue') return queueStep(request, reply, () => run(card));
    return act(request, reply, card.applicantId, () => run(card), {
      ...(values ? { values } : {}),
      fieldFor: (f) => (values && f === 'reason' ? 'reason' : null),
    });
  };

  app.post('/cards/:id/produced', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return cardAction(request, reply, async (card) => {
      const r = await service.markCardProduced(actorOf(request), card.id);
      return fill(t.producedDone, { number: r.card.number });
    });
  });

  app.post('/cards/:id/handover', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return cardAction(request, reply, async (card) => {
      const c = (await service.handOverCard(actorOf(request), card.id, {})).card;
      if (c.publicAnswer.result === 'not_valid')
        return fill(t.handedOverNotValid, { number: c.number, why: whyWords(t, c.standing, 'active') });
      return fill(t.handedOver, { number: c.number, date: String(c.validUntil) });
    });
  });

  /** Cancelling a card has its own page (the reason chosen there, none preselected). */
  const cancelCardPage = async (
    request: Req,
    reply: FastifyReply,
    status: number,
    o: { values?: FormValues; errors?: FormErrors } = {},
  ) => {
    const card = UUID.test(request.params.id) ? await findCardById(db, request.params.id) : null;
    const d = card && (await dossierOf(card.applicantId));
    if (!card || !d) return notFound(request, reply);
    return html(reply, status, cancelPage(ctxOf(request), d, card, o));
  };

  app.get('/cards/:id/cancel', { config: { access: 'write' } }, async (request: Req, reply) =>
    cancelCardPage(request, reply, 200),
  );

  app.post('/cards/:id/cancel', { config: { access: 'write' } }, async (request: Req, reply) => {
    const { t } = ctxOf(request);
    const reason = text(request.body, 'reason');
    if (!(CANCEL_REASONS as readonly string[]).includes(reason))
      return cancelCardPage(request, reply, 400, { values: { reason }, errors: { reason: t.vChoice } });
    if (text(request.body, 'confirm') !== 'yes')
      return cancelCardPage(request, reply, 200, { values: { reason } });
    return cardAction(
      request,
      reply,
      async (c) => {
        const r = await service.cancelCard(actorOf(request), c.id, { reason: reason as CancelReason });
        const number = r.cancelled.number;
        const text = fill(t.cancelled, {
          number,
          new: r.reordered.number,
        });
        const letter = r.letter;
        if (!letter) return text;
        // The letter that tells the holder the same, in their language: printed here or sent by the job.
        const name = LANGUAGE_NAMES[letter.language] ?? letter.language;
        return {
          kind: 'success',
          text: `${text} ${fill(t.cancelLetterQueued, { language: name })}`,
          offer: {
            action: `/officer/letters/${letter.id}/print`,
            label: fill(t.cancelLetterPrint, { language: name }),
            fields: { back: 'applicant' },
          },
        };
      },
      { reason },
    );
  });

  registerHolderConsoleRoutes(app, {
    db,
    service,
    holder: new HolderService(db, service, clock),
    renderPool,
    ctxOf,
    actorOf,
    act: (request, reply, applicantId, run) => act(request, reply, applicantId, run),
    notFound,
  });
}
