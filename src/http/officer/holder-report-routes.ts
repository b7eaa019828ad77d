// R16 in the officer API: the officer's answers to a holder's report of a lost or stolen card.
// `confirm` cancels the card with the reported reason and orders a new one (R10); `lift` lets the
// card answer as before. Both take an Idempotency-Key (C7); without an open report they change
// nothing and say `changed: false`. Recorded in the history either way they change something (P4).

import type { FastifyInstance } from 'fastify';
import type { HolderService } from '../../services/holder.ts';
import { idWrite } from './id-write.ts';
import { emptyBody } from './route-helpers.ts';

export function holderReportRoutes(app: FastifyInstance, deps: { holder: HolderService }): void {
  for (const outcome of ['confirm', 'lift'] as const) {
    idWrite(
      app,
      'POST',
      `/cards/:id/holder-report/${outcome}`,
      {
        body: emptyBody,
        doc: {
          tag: 'cards',
          summary:
            outcome === 'confirm'
              ? "Confirm the holder's report: cancel with its reason and order a new card (R10, R16)"
              : "Lift the holder's report: the card answers as before it (R16)",
          answers: {
            200: {
              description: 'done; `changed: false` when there was no open report',
              schema: {
                type: 'object',
                required: ['changed'],
                properties: { changed: { type: 'boolean' } },
              },
            },
          },
          refusals: [400, 404, 409],
        },
      },
      (actor, id, _body, idempotency) =>
        outcome === 'confirm'
          ? deps.holder.confirmReport(actor, id, idempotency)
          : deps.holder.liftReport(actor, id, idempotency),
    );
  }
}
