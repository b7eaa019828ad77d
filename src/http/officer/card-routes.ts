// The officer API's cards (C7): produced outside a batch (R3), handed over (R4), cancelled and
// re-ordered (R10). Handlers validate at the edge, then call the card service.

import type { FastifyInstance } from 'fastify';
import { CANCEL_REASONS, type CancelReason } from '../../domain/card.ts';
import type { CardService } from '../../services/cards.ts';
import { schemas } from './api-docs.ts';
import { idWrite } from './id-write.ts';
import { date, emptyBody, jsonBody } from './route-helpers.ts';

export function cardRoutes(app: FastifyInstance, deps: { cards: CardService }): void {
  const { cards } = deps;

  idWrite(
    app,
    'POST',
    '/cards/:id/produced',
    {
      body: emptyBody,
      doc: {
        tag: 'cards',
        summary: 'One card is produced (outside a batch); its card-ready letter is queued (R3)',
        answers: { 200: { description: 'produced', schema: schemas.produced } },
        refusals: [400, 404, 409],
      },
    },
    (actor, id, _body, idempotency) => cards.markCardProduced(actor, id, idempotency),
  );

  idWrite<{ date?: string }>(
    app,
    'POST',
    '/cards/:id/handover',
    {
      body: jsonBody({ date }),
      dateField: 'date',
      doc: {
        tag: 'cards',
        summary: 'The card is handed over: active, valid for three months from the date (R4)',
        answers: { 200: { description: 'handed over', schema: schemas.handedOver } },
        refusals: [400, 404, 409],
      },
    },
    (actor, id, body, idempotency) => cards.handOverCard(actor, id, body, idempotency),
  );

  idWrite<{ reason: CancelReason }>(
    app,
    'POST',
    '/cards/:id/cancel',
    {
      body: jsonBody({ reason: { type: 'string', enum: [...CANCEL_REASONS] } }, ['reason']),
      doc: {
        tag: 'cards',
        summary: 'Cancel a card with a reason; a new card (next serial, new code) is ordered at once (R10)',
        answers: { 200: { description: 'cancelled and re-ordered', schema: schemas.cancelled } },
        refusals: [400, 404, 409],
      },
    },
    (actor, id, body, idempotency) => cards.cancelCard(actor, id, body, idempotency),
  );
}
