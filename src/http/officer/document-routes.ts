// Documents on the officer scope (bearer auth from api-routes.ts): card artwork (PDF, PNG preview),
// production batches for the card printer (R3), and the letter queue (R3, R7, R13).

import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../services/app-error.ts';
import type { LmaService } from '../../services/lma-service.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import type { LetterState } from '../../store/record-store.ts';
import { operation } from './api-docs.ts';
import { idWrite } from './id-write.ts';
import {
  answerWrite,
  bodyBytes,
  CARD_NUMBER_WORDS,
  CASE_NUMBER_WORDS,
  emptyBody,
  idParams,
  uuid,
} from './route-helpers.ts';

const batchView = {
  type: 'object',
  required: ['id', 'createdAt', 'printed', 'cards'],
  properties: {
    id: uuid,
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    printed: { type: 'boolean' },
    printedAt: { type: ['string', 'null'] },
    printedBy: { type: ['string', 'null'] },
    cards: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: uuid, number: { type: 'string' }, state: { type: 'string' } },
      },
    },
    leftOut: {
      type: 'array',
      description: 'made: cards left in the queue, their stored photo unusable (take it again)',
      items: {
        type: 'object',
        properties: { id: uuid, number: { type: 'string' }, problem: { type: 'string' } },
      },
    },
  },
} as const;

const letterView = {
  type: 'object',
  properties: {
    id: uuid,
    applicantId: uuid,
    cardId: uuid,
    kind: { type: 'string', enum: ['card_ready', 'reminder', 'card_cancelled'] },
    expiry: { type: ['string', 'null'] },
    language: { type: 'string' },
    queue: { type: 'string', enum: ['post', 'forwarding'] },
    dossierNumber: { type: 'string', description: CASE_NUMBER_WORDS },
    cardNumber: { type: 'string', description: CARD_NUMBER_WORDS },
    state: { type: 'string', enum: ['queued', 'printed', 'sent', 'withdrawn'] },
    createdAt: { type: 'string' },
    printedAt: { type: ['string', 'null'] },
    sentAt: { type: ['string', 'null'] },
    changed: { type: 'boolean' },
  },
} as const;

const letterQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: ['queued', 'printed', 'sent', 'withdrawn'] },
    queue: { type: 'string', enum: ['post', 'forwarding'] },
    limit: { type: 'string', pattern: '^(1000|[1-9][0-9]{0,2})$', description: '1–1000 (default 100)' },
    after: { ...uuid, description: 'the last id of the previous page' },
  },
} as const;

function pdf(reply: FastifyReply, bytes: Buffer | Readable, name: string) {
  return reply
    .type('application/pdf')
    .header('cache-control', 'no-store')
    .header('content-disposition', `inline; filename="${name}"`)
    .send(bytes);
}

export function documentRoutes(
  app: FastifyInstance,
  deps: { service: LmaService; renderPool: RenderPool },
): void {
  const { renderPool } = deps;
  const { cards, printing, letters } = deps.service;

  const artwork = async (id: string) => {
    const card = await cards.cardArtwork(id);
    if (!card) throw notFound('card');
    return card;
  };

  app.get<{ Params: { id: string } }>(
    '/cards/:id/artwork.pdf',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'documents',
          summary: 'Print-ready card artwork: front page, back page (ID-1, 85.60 × 53.98 mm)',
          answers: { 200: { description: 'the PDF', type: 'application/pdf' } },
          refusals: [400, 404, 429, 503],
        }),
      },
    },
    async (request, reply) => {
      const card = await artwork(request.params.id);
      return pdf(
        reply,
        await renderPool.cardsPdf([card], `LMA card ${card.cardNumber}`),
        `card-${request.params.id}.pdf`,
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cards/:id/artwork.png',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'documents',
          summary: 'PNG preview of the card, front and back side by side',
          answers: { 200: { description: 'the PNG', type: 'image/png' } },
          refusals: [400, 404, 429, 503],
        }),
      },
    },
    async (request, reply) => {
      const card = await artwork(request.params.id);
      const png = await renderPool.previewPng(card);
      return reply.type('image/png').header('cache-control', 'no-store').send(png);
    },
  );

  app.post(
    '/print-batches',
    {
      schema: {
        body: emptyBody,
        ...operation({
          tag: 'documents',
          summary:
            'A production batch of every ordered card not yet in one (409 when there is none); a card whose photo cannot be printed stays in the queue, named under leftOut',
          idempotent: true,
          answers: { 201: { description: 'made', schema: batchView } },
          refusals: [400, 409],
        }),
      },
    },
    async (request, reply) =>
      answerWrite(request, reply, 201, bodyBytes(request), (actor, idempotency) =>
        printing.createPrintBatch(actor, idempotency, renderPool.photoProblems),
      ),
  );

  app.get<{ Params: { id: string } }>(
    '/print-batches/:id',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'documents',
          summary: 'A production batch and its cards',
          answers: { 200: { description: 'the batch', schema: batchView } },
          refusals: [400, 404],
        }),
      },
    },
    async (request) => {
      const view = await printing.printBatch(request.params.id);
      if (!view) throw notFound('print batch');
      return view;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/print-batches/:id.pdf',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'documents',
          summary:
            'The batch for the card printer: one PDF, front and back page per card, streamed as it is made',
          answers: { 200: { description: 'the PDF', type: 'application/pdf' } },
          refusals: [400, 404, 409, 429, 503],
        }),
      },
    },
    async (request, reply) => {
      // Streamed as it is made, one page of cards at a time; one batch at a time (409 meanwhile).
      renderPool.checkBatchFree();
      const pages = await printing.printBatchPages(request.params.id);
      if (!pages) throw notFound('print batch');
      return pdf(
        reply,
        renderPool.streamBatch(`LMA print batch ${request.params.id}`, pages),
        `batch-${request.params.id}.pdf`,
      );
    },
  );

  idWrite(
    app,
    'POST',
    '/print-batches/:id/printed',
    {
      body: emptyBody,
      doc: {
        tag: 'documents',
        summary: 'The batch is printed: its cards become produced and each gets its card-ready letter (R3)',
        answers: { 200: { description: 'the batch, printed', schema: batchView } },
        refusals: [400, 404],
      },
    },
    (actor, id, _body, idempotency) => printing.markBatchPrinted(actor, id, idempotency),
  );

  app.get<{
    Querystring: { state?: LetterState; queue?: 'post' | 'forwarding'; limit?: number; after?: string };
  }>(
    '/letters',
    {
      schema: {
        querystring: letterQuery,
        ...operation({
          tag: 'documents',
          summary: 'The letter queue, oldest first; queue=forwarding lists protected-address letters (R13)',
          answers: {
            200: {
              description: 'the letters',
              schema: {
                type: 'object',
                required: ['letters'],
                properties: { letters: { type: 'array', items: letterView } },
              },
            },
          },
          refusals: [400],
        }),
      },
    },
    async (request) => {
      const q = request.query;
      const queued = await letters.letterQueue({
        limit: q.limit ? Number(q.limit) : 100,
        ...(q.state ? { state: q.state } : {}),
        ...(q.queue ? { forwarding: q.queue === 'forwarding' } : {}),
        ...(q.after ? { after: q.after } : {}),
      });
      return { letters: queued.map((l) => letters.letterView(l)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/letters/:id.pdf',
    {
      schema: {
        params: idParams,
        ...operation({
          tag: 'documents',
          summary: "The letter as PDF, in the holder's language with Swedish",
          answers: { 200: { description: 'the PDF', type: 'application/pdf' } },
          refusals: [400, 404, 429, 503],
        }),
      },
    },
    async (request, reply) => {
      const letter = await letters.letterDocument(request.params.id);
      if (!letter) throw notFound('letter');
      return pdf(reply, await renderPool.letterPdf(letter), `letter-${letter.id}.pdf`);
    },
  );

  for (const to of ['printed', 'sent'] as const) {
    idWrite(
      app,
      'POST',
      `/letters/:id/${to}`,
      {
        body: emptyBody,
        doc: {
          tag: 'documents',
          summary:
            to === 'printed' ? 'Mark a queued letter printed' : 'Mark a letter sent (posted or forwarding)',
          answers: { 200: { description: 'the letter', schema: letterView } },
          refusals: [400, 404, 409],
        },
      },
      (actor, id, _body, idempotency) => letters.advanceLetter(actor, id, to, idempotency),
    );
  }
}
