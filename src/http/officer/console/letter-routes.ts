// The letter queue and printing one letter's PDF from the console. Printing a queued letter marks it
// printed (the letter job then leaves it); a card-ready letter printed again gets a new personal code
// (R16), so that passes a confirming page first. Each step is recorded in the history (P4).

import type { FastifyInstance } from 'fastify';
import { cardNumber } from '../../../domain/card.ts';
import { findLetter } from '../../../store/document-store.ts';
import { text, UUID } from './forms.ts';
import { actorOf, askFirst, type ConsoleKit, ctxOf, html, type Req } from './kit.ts';
import { letterQueuePage } from './letters-view.ts';
import { fill } from './texts.ts';

/** How many queued letters the page lists, oldest first (the letter job prints them all). */
const QUEUE_PAGE = 500;

export function registerLetterRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service, renderPool } = kit.deps;

  app.get('/letters', async (request, reply) => {
    const letters = await service.letterQueue({ state: 'queued', limit: QUEUE_PAGE });
    return html(reply, 200, letterQueuePage(ctxOf(request), letters, await kit.takeFlash(request)));
  });

  app.post('/letters/:id/print', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const letter = UUID.test(request.params.id) ? await findLetter(db, request.params.id) : null;
    if (!letter) return kit.notFound(request, reply);
    const back = text(request.body, 'back') === 'applicant' ? 'applicant' : 'queue';
    if (
      letter.kind === 'card_ready' &&
      letter.state !== 'queued' &&
      text(request.body, 'confirm') !== 'yes'
    ) {
      const number = cardNumber(letter.dossierNumber, letter.serial);
      const backHref =
        back === 'applicant' ? `/officer/applicants/${letter.applicantId}/letters` : '/officer/letters';
      return askFirst(request, reply, {
        question: fill(ctx.t.letterReprintConfirm, { number }),
        action: `/officer/letters/${letter.id}/print`,
        values: { back },
        backHref,
        yes: ctx.t.letterReprintYes,
      });
    }
    const document = await service.letterDocument(letter.id, actorOf(request));
    if (!document) return kit.notFound(request, reply);
    const pdf = await renderPool.letterPdf(document);
    if (letter.state === 'queued') await service.advanceLetter(actorOf(request), letter.id, 'printed');
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="letter-${letter.id}.pdf"`)
      .send(pdf);
  });
}
