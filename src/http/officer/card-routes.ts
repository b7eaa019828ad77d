// The officer API's cards (C7): produced outside a batch (R3), handed over (R4), cancelled and
// re-ordered (R10). Handlers validate at the edge, then call the card service.

import type { FastifyInstance } from 'fastify';
import { CANCEL_REASONS, type CancelReason } from '../../domain/card.ts';
import type { CardService } from '../../services/cards.ts';
import { operation, schemas } from './api-docs.ts';
import {
  answerWrite,
  bodyBytes,
  checkDateNotBefore1900,
  date,
  emptyBody,
  idParams,
  jsonBody,
} from './route-helpers.ts';

export function cardRoutes(app: FastifyInstance, deps: { cards: CardService }): void {
  const { cards } = deps;

  app.post<{ Params: { id: string } }>(
    '/cards/:id/produced',
    {
      schema: {
        params: idParams,
        body: emptyBody,
        ...operation({
          tag: 'cards',
          summary: 'One card is produced (outside a batch); its card-ready letter is queued (R3)',
          idempotent: true,
          answers: { 200: { description: 'produced', schema: schemas.produced } },
          refusals: [400, 404, 409],
        }),
      },
    },
    async (request, reply) =>
      answerWrite(request, reply, 200, bodyBytes(request), (actor, idempotency) =>
        cards.markCardProduced(actor, request.params.id, idempotency),
      ),
  );

  app.post<{ Params: { id: string }; Body: { date?: string } }>(
    '/cards/:id/handover',
    {
      schema: {
        params: idParams,
        body: jsonBody({ date }),
        ...operation({
          tag: 'cards',
          summary: 'The card is handed over: active, valid for three months from the date (R4)',
          idempotent: true,
          answers: { 200: { description: 'handed over', schema: schemas.handedOver } },
          refusals: [400, 404, 409],
        }),
      },
    },
    async (request, reply) => {
      checkDateNotBefore1900(request.body.date, 'date');
      return answerWrite(request, reply, 200, bodyBytes(request), (actor, idempotency) =>
        cards.handOverCard(actor, request.params.id, request.body, idempotency),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: CancelReason } }>(
    '/cards/:id/cancel',
    {
      schema: {
        params: idParams,
        body: jsonBody({ reason: { type: 'string', enum: [...CANCEL_REASONS] } }, ['reason']),
        ...operation({
          tag: 'cards',
          summary: 'Cancel a card with a reason; a new card (next serial, new code) is ordered at once (R10)',
          idempotent: true,
          answers: { 200: { description: 'cancelled and re-ordered', schema: schemas.cancelled } },
          refusals: [400, 404, 409],
        }),
      },
    },
    async (request, reply) =>
      answerWrite(request, reply, 200, bodyBytes(request), (actor, idempotency) =>
        cards.cancelCard(actor, request.params.id, request.body, idempotency),
      ),
  );
}
