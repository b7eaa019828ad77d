// The applicant's page and what is done from it: history, register extract, letters, photo,
// fingerprints and today's visit (R5).

import type { FastifyInstance } from 'fastify';
import { RegisterExtracts } from '../../../services/register-extract.ts';
import { loadPhoto } from '../../../store/applicant-store.ts';
import { PHOTO_BODY_LIMIT } from '../applicant-routes.ts';
import { photoType } from '../photo.ts';
import { historyPage } from './desk-views.ts';
import { UUID } from './forms.ts';
import { actorOf, type ConsoleKit, ctxOf, html, type Req, withOrder } from './kit.ts';
import { lettersPage } from './letters-view.ts';
import { whyWords } from './standing-words.ts';
import { fill } from './texts.ts';

export function registerApplicantRoutes(app: FastifyInstance, kit: ConsoleKit): void {
  const { db, service, clock, renderPool } = kit.deps;
  const { takeFlash, dossierOf, notFound, showApplicant, act } = kit;
  app.get('/applicants/:id', async (request: Req, reply) =>
    showApplicant(request, reply, request.params.id, 200, { notice: await takeFlash(request) }),
  );

  app.get('/applicants/:id/history', async (request: Req, reply) => {
    const d = await dossierOf(request.params.id);
    return d ? html(reply, 200, historyPage(ctxOf(request), d)) : notFound(request, reply);
  });

  // The register extract (GDPR art. 15) in the holder's language with Swedish alongside; recorded (P4).
  const extracts = new RegisterExtracts({ db, service, clock });
  app.get('/applicants/:id/extract.pdf', async (request: Req, reply) => {
    const id = request.params.id;
    if (!UUID.test(id) || !(await service.applicantView(id))) return notFound(request, reply);
    const pdf = await renderPool.extractPdf(await extracts.produce(actorOf(request), id, 'pdf'));
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="registerutdrag-${id}.pdf"`)
      .send(pdf);
  });

  app.get('/applicants/:id/letters', async (request: Req, reply) => {
    const d = await dossierOf(request.params.id);
    return d ? html(reply, 200, lettersPage(ctxOf(request), d)) : notFound(request, reply);
  });

  app.get('/applicants/:id/photo', async (request: Req, reply) => {
    const photo = UUID.test(request.params.id) ? await loadPhoto(db, request.params.id) : null;
    if (!photo) return notFound(request, reply);
    return reply.type(photo.contentType).header('content-disposition', 'inline').send(photo.bytes);
  });

  app.post(
    '/applicants/:id/photo',
    { config: { access: 'write' }, bodyLimit: PHOTO_BODY_LIMIT + 64 * 1024 },
    async (request: Req, reply) => {
      const t = ctxOf(request).t;
      const bytes = request.body?.photo;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0)
        return showApplicant(request, reply, request.params.id, 400, { errors: { photo: t.noFile } });
      if (!photoType(bytes))
        return showApplicant(request, reply, request.params.id, 415, { errors: { photo: t.notValidPhoto } });
      const outcome = await renderPool.normalisePhoto(bytes);
      if (!outcome.ok) {
        const why =
          outcome.reason === 'too_large' || outcome.reason === 'too_small' ? t.photoSize : t.photoBroken;
        return showApplicant(request, reply, request.params.id, 400, { errors: { photo: why } });
      }
      const photo = { contentType: 'image/jpeg' as const, bytes: Buffer.from(outcome.bytes) };
      return act(request, reply, request.params.id, async () => {
        const r = await service.recordPhoto(actorOf(request), request.params.id, photo);
        return withOrder(t.photoSaved, r.cardOrdered, t.cardOrdered);
      });
    },
  );

  app.post('/applicants/:id/fingerprints', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return act(request, reply, request.params.id, async () => {
      const r = await service.recordFingerprints(actorOf(request), request.params.id);
      return withOrder(t.fingerprintsSaved, r.cardOrdered, t.cardOrdered);
    });
  });

  // R5 in one action: today's visit, and the page says the new expiry.
  app.post('/applicants/:id/visits', { config: { access: 'write' } }, async (request: Req, reply) => {
    const t = ctxOf(request).t;
    return act(request, reply, request.params.id, async () => {
      const b = await service.registerVisit(actorOf(request), request.params.id, {});
      // A visit never claims the card is valid when the lookup says it is not (R14).
      if (b.validUntil && b.publicAnswer?.result === 'not_valid' && b.standing)
        return fill(t.visitNotValid, { date: b.validUntil, why: whyWords(t, b.standing, 'active') });
      const notice =
        b.extended && b.validUntil
          ? fill(t.visitExtended, {
              date: b.validUntil,
              before: b.previousValidUntil ? fill(t.visitBefore, { date: b.previousValidUntil }) : '',
            })
          : b.validUntil
            ? fill(t.visitUnchanged, { date: b.validUntil })
            : t.visitNoCard;
      return notice;
    });
  });
}
