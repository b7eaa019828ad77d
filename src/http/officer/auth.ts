// S2: nothing officer-side answers without a bearer token; roles decide what it may do.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../services/app-error.ts';
import type { TokenService } from '../../services/tokens.ts';
import type { Role, TokenPrincipal } from '../../store/token-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: TokenPrincipal | null;
  }
  interface FastifyContextConfig {
    role?: Role;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

export function registerBearerAuth(app: FastifyInstance, tokens: TokenService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const m = BEARER.exec(request.headers.authorization ?? '');
    const principal = m ? await tokens.authenticate(m[1] as string) : null;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="lmakort"');
      throw new AppError(
        'unauthorized',
        'a valid bearer token is required (Authorization: Bearer <token>); a revoked or expired token is not',
      );
    }
    const needed = request.routeOptions.config.role;
    if (needed === 'admin' && principal.role !== 'admin') {
      throw new AppError('forbidden', 'this needs a token with the admin role');
    }
    request.principal = principal;
  });
}
