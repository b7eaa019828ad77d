// Decisions and AT-UND from the applicant's page: registering and revoking a decision, granting or
// revoking AT-UND. Each that takes something away passes a confirming page first.

import type { FastifyInstance } from 'fastify';
import { DECISION_TYPES, type DecisionType } from '../../../domain/coverage.ts';
import { findDecisionById } from '../../../store/record-store.ts';
import { choiceAndDate, text, UUID } from './forms.ts';
import { actorOf, askFirst, type ConsoleKit, ctxOf, type Req } from './kit.ts';
import { fill } from './texts.ts';

export function registerDecisionRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service } = kit.deps;
  const { notFound, showApplicant, act, askAboutApplicant } = kit;
  app.post('/applicants/:id/decisions', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const form = choiceAndDate(t, request.body, 'type', DECISION_TYPES, 'effectiveDate');
    const { choice: type, values } = form;
    if (form.errors)
      return showApplicant(request, reply, request.params.id, 400, { values, errors: form.errors });
    const effective = form.date ?? service.today();
    const label = t[`decision_${type as DecisionType}`];
    if (text(request.body, 'confirm') !== 'yes') {
      return askAboutApplicant(
        request,
        reply,
        fill(t.decisionConfirm, { type: label, date: effective }),
        'decisions',
        {
          type,
          effectiveDate: form.date ?? '',
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
          ...(form.date ? { effectiveDate: form.date } : {}),
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
      return askFirst(request, reply, {
        question: fill(ctx.t.revokeConfirm, { type: label, date: decision.effectiveDate }),
        action: `/officer/decisions/${decision.id}/revoke`,
        backHref: applicantPath,
        yes: fill(ctx.t.revokeYes, { type: label }),
      });
    }
    return act(request, reply, decision.applicantId, async () => {
      await service.revokeDecision(actorOf(request), decision.id);
      return fill(ctx.t.revokeDone, { type: label });
    });
  });

  app.post('/applicants/:id/at-und', { config: { access: 'write' } }, async (request: Req, reply) => {
    const ctx = ctxOf(request);
    const { t } = ctx;
    const form = choiceAndDate(t, request.body, 'granted', ['yes', 'no'], 'atUndDate');
    const { choice: granted, values } = form;
    if (form.errors)
      return showApplicant(request, reply, request.params.id, 400, { values, errors: form.errors });
    const effective = form.date ?? service.today();
    if (granted === 'no' && text(request.body, 'confirm') !== 'yes') {
      return askAboutApplicant(
        request,
        reply,
        fill(t.atUndConfirm, { date: effective }),
        'at-und',
        {
          granted,
          atUndDate: form.date ?? '',
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
          ...(form.date ? { effectiveDate: form.date } : {}),
        });
        const when = r.effectiveDate;
        return fill(granted === 'yes' ? t.atUndGranted : t.atUndRevoked, { date: when });
      },
      { values, fieldFor: () => 'atUndDate' },
    );
  });
}
