// The card queue and print batches (R3): ordered cards go into one batch for the card printer, its PDF
// goes to the printer, and once printed its cards are produced, each with its card-ready letter.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../services/app-error.ts';
import { listCardQueue } from '../../../store/card-store.ts';
import { httpStatus } from '../../problem.ts';
import { queuePage } from './desk-views.ts';
import { UUID } from './forms.ts';
import { actorOf, type ConsoleKit, ctxOf, html } from './kit.ts';
import type { Notice } from './layout.ts';
import { errorText, fill } from './texts.ts';

/** The queue page, and a step taken from it that goes back there saying what changed (or what was wrong). */
export function queueSteps(kit: ConsoleKit) {
  const { db, service } = kit.deps;
  const { done } = kit;
  /** The card queue with the batches waiting for the printer. */
  const showQueue = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    notice: Notice | null,
  ) =>
    html(
      reply,
      status,
      queuePage(ctxOf(request), await listCardQueue(db), await service.openPrintBatches(), notice),
    );

  /** A step taken from the card queue: back to the queue saying what changed, or the queue with the error. */
  const queueStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<string | Notice>,
  ) => {
    try {
      const notice = await run();
      return await done(
        request,
        reply,
        '/officer/cards',
        typeof notice === 'string' ? { kind: 'success', text: notice } : notice,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const notice: Notice = {
        kind: 'error',
        text: errorText(request.consoleLang, error.code, error.message),
      };
      return showQueue(request, reply, httpStatus(error), notice);
    }
  };

  return { showQueue, queueStep };
}

export function registerQueueRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { service, renderPool } = kit.deps;
  const { takeFlash, notFound } = kit;
  const { showQueue, queueStep } = queueSteps(kit);
  app.get('/cards', async (request, reply) => showQueue(request, reply, 200, await takeFlash(request)));

  // R3: every ordered card not yet in a batch goes into one batch for the card printer …
  app.post('/cards/batch', { config: { access: 'write' } }, async (request, reply) => {
    const t = ctxOf(request).t;
    return queueStep(request, reply, async () => {
      const r = await service.createPrintBatch(actorOf(request), undefined, renderPool.photoProblems);
      const made = fill(t.batchCreated, { count: String(r.cards.length) });
      return r.leftOut.length === 0
        ? made
        : `${made} ${fill(t.batchLeftOut, { numbers: r.leftOut.map((c) => c.number).join(', ') })}`;
    });
  });

  // … whose PDF goes to the printer …
  app.get<{ Params: { id: string } }>('/batches/:id.pdf', async (request, reply) => {
    // Streamed as it is made; one batch at a time (409 while another is being made).
    renderPool.checkBatchFree();
    const pages = UUID.test(request.params.id) ? await service.printBatchPages(request.params.id) : null;
    if (!pages) return notFound(request, reply);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="batch-${request.params.id}.pdf"`)
      .send(renderPool.streamBatch(`LMA print batch ${request.params.id}`, pages));
  });

  // … and once printed, its cards are produced, each with its card-ready letter.
  app.post<{ Params: { id: string } }>(
    '/batches/:id/printed',
    { config: { access: 'write' } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) return notFound(request, reply);
      const t = ctxOf(request).t;
      return queueStep(request, reply, async () => {
        const r = await service.markBatchPrinted(actorOf(request), request.params.id);
        return fill(t.batchDone, { count: String(r.cards.filter((c) => c.state !== 'ordered').length) });
      });
    },
  );
}
