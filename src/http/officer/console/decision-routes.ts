// Decisions and AT-UND from the applicant's page: registering and revoking a decision, granting or
// revoking AT-UND. Each that takes something away passes a confirming page first.

import type { FastifyInstance } from 'fastify';
import { DECISION_TYPES, type DecisionType } from '../../../domain/coverage.ts';
import { findDecisionById } from '../../../store/record-store.ts';
import { optionalDate, text, UUID } from './forms.ts';
import { actorOf, type ConsoleKit, ctxOf, html, type Req } from './kit.ts';
import { confirmPage } from './layout.ts';
import { fill } from './texts.ts';

export function registerDecisionRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service } = kit.deps;
  const { notFound, showApplicant, act, askAboutApplicant } = kit;
  app.post('/applicants/:id/decisions', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const type = text(request.body, 'type');
    const rawDate = text(request.body, 'effectiveDate');
    const values = { type, effectiveDate: rawDate };
    if (!(DECISION_TYPES as readonly string[]).includes(type))
      return showApplicant(request, reply, request.params.id, 400, { values, errors: { type: t.vChoice } });
    const date = optionalDate(t, rawDate);
    if (date.error)
      return showApplicant(request, reply, request.params.id, 400, {
        values,
        errors: { effectiveDate: date.error },
      });
    const effective = date.date ?? service.today();
    const label = t[`decision_${type as DecisionType}`];
    if (text(request.body, 'confirm') !== 'yes') {
      return askAboutApplicant(
        request,
        reply,
        fill(t.decisionConfirm, { type: label, date: effective }),
        'decisions',
        {
          type,
          effectiveDate: date.date ?? '',
        },
        fill(t.decisionYes, { type: label }),
      );
    }
    return act(
      request,
      reply,
      request.params.id,
      async () => {
        const r = await service.registerDecision(actorOf(request), request.params.id, {
          type: type as DecisionType,
          ...(date.date ? { effectiveDate: date.date } : {}),
        });
        return fill(t.decisionDone, { type: label, date: r.effectiveDate });
      },
      { values, fieldFor: () => 'effectiveDate' },
    );
  });

  app.post('/decisions/:id/revoke', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const decision = UUID.test(request.params.id) ? await findDecisionById(db, request.params.id) : null;
    if (!decision) return notFound(request, reply);
    const label = ctx.t[`decision_${decision.type}`];
    const applicantPath = `/officer/applicants/${decision.applicantId}`;
    if (text(request.body, 'confirm') !== 'yes') {
      return html(
        reply,
        200,
        confirmPage(
          ctx,
          fill(ctx.t.revokeConfirm, { type: label, date: decision.effectiveDate }),
          `/officer/decisions/${decision.id}/revoke`,
          {},
          applicantPath,
          fill(ctx.t.revokeYes, { type: label }),
        ),
      );
    }
    return act(request, reply, decision.applicantId, async () => {
      await service.revokeDecision(actorOf(request), decision.id);
      return fill(ctx.t.revokeDone, { type: label });
    });
  });

  app.post('/applicants/:id/at-und', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const granted = text(request.body, 'granted');
    const rawDate = text(request.body, 'atUndDate');
    const values = { granted, atUndDate: rawDate };
    if (granted !== 'yes' && granted !== 'no')
      return showApplicant(request, reply, request.params.id, 400, {
        values,
        errors: { granted: t.vChoice },
      });
    const date = optionalDate(t, rawDate);
    if (date.error)
      return showApplicant(request, reply, request.params.id, 400, {
        values,
        errors: { atUndDate: date.error },
      });
    const effective = date.date ?? service.today();
    if (granted === 'no' && text(request.body, 'confirm') !== 'yes') {
      return askAboutApplicant(
        request,
        reply,
        fill(t.atUndConfirm, { date: effective }),
        'at-und',
        {
          granted,
          atUndDate: date.date ?? '',
        },
        t.atUndRevoke,
      );
    }
    return act(
      request,
      reply,
      request.params.id,
      async () => {
        const r = await service.setAtUnd(actorOf(request), request.params.id, {
          granted: granted === 'yes',
          ...(date.date ? { effectiveDate: date.date } : {}),
        });
        const when = r.effectiveDate;
        return fill(granted === 'yes' ? t.atUndGranted : t.atUndRevoked, { date: when });
      },
      { values, fieldFor: () => 'atUndDate' },
    );
  });
}
