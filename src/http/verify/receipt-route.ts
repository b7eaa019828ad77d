// C9: `POST /verify/receipt.pdf` {receipt, lang} — the verifier page hands back a receipt it got from
// `GET /api/v1/status/{code}?receipt=1`; the server checks it against its own published keys (a
// revoked key is refused) and answers a one-page PDF, or 400 naming `receipt`. P1: nothing about it is
// stored or logged (this scope has no request logging; the receipt is not echoed in any refusal).

import type { FastifyInstance } from 'fastify';
import type { ReceiptLanguage } from '../../documents/receipt-pdf.ts';
import { AppError } from '../../services/app-error.ts';
import type { KeyRing } from '../../services/key-ring.ts';
import { revokedKids, verifyReceipt } from '../../services/receipt.ts';
import type { RenderPool } from '../../services/render-pool.ts';
import type { AbuseLimiter } from '../plugins/abuse-limiter.ts';
import { JWKS_PATH } from '../public/jwks-route.ts';
import { PAGE_LANGUAGES } from '../public/texts.ts';

export const RECEIPT_PDF_PATH = '/verify/receipt.pdf';

export interface ReceiptRouteDeps {
  keys: KeyRing;
  /** {PUBLIC_BASE_URL}, printed on the receipt as where the keys are. */
  publicBaseUrl: string;
  /** The PDF is made on a worker thread. */
  renderPool: RenderPool;
  /** Receipts per client and window: every request counts, past the limit 429 with Retry-After. */
  limiter: AbuseLimiter;
}

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['receipt'],
  properties: {
    receipt: {
      type: 'string',
      minLength: 1,
      maxLength: 4000,
      description: 'the compact JWS from ?receipt=1',
    },
    lang: {
      type: 'string',
      enum: [...PAGE_LANGUAGES],
      description: 'sv or en; any other page language gets a Swedish and English receipt',
    },
  },
} as const;

export function registerReceiptRoute(app: FastifyInstance, deps: ReceiptRouteDeps): void {
  app.post<{ Body: { receipt: string; lang?: string } }>(
    RECEIPT_PDF_PATH,
    {
      schema: {
        tags: ['public'],
        summary: 'A verified receipt as a one-page PDF (C9)',
        body,
        response: {
          200: { description: 'the receipt (one A4 page)', content: { 'application/pdf': { schema: {} } } },
          400: { description: 'the receipt does not verify (field: receipt) or the body is wrong' },
          429: { description: 'too many receipts for this client in the window; see Retry-After' },
        },
      },
    },
    async (request, reply) => {
      const wait = deps.limiter.retryAfter(request.ip);
      if (wait > 0) {
        throw new AppError(
          'rate_limited',
          'too many receipts for this client; see Retry-After',
          undefined,
          wait,
        );
      }
      deps.limiter.recordMiss(request.ip);
      const check = await verifyReceipt(request.body.receipt, deps.keys.jwks(), revokedKids(deps.keys));
      if (!check.ok) throw new AppError('validation', `receipt: ${check.message}`, 'receipt');
      const lang = request.body.lang ?? 'sv';
      const language: ReceiptLanguage = lang === 'sv' || lang === 'en' ? lang : 'both';
      const pdf = await deps.renderPool.receiptPdf({
        payload: check.payload,
        kid: check.kid,
        jws: request.body.receipt.trim(),
        language,
        jwksUrl: `${deps.publicBaseUrl}${JWKS_PATH}`,
      });
      const day = check.payload.checkedAt.slice(0, 10);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="lma-receipt-${day}.pdf"`)
        .send(pdf);
    },
  );
}
