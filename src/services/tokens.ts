// API tokens: made and revoked here whichever door asks (API, console, CLI), each change in the
// history in the same transaction (P4). The secret is returned once; only its hash is kept (S2).

import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { appendHistory } from '../store/record-store.ts';
import {
  findTokenPrincipal,
  insertToken,
  listTokens,
  type Role,
  revokeToken,
  type TokenPrincipal,
  type TokenRow,
} from '../store/token-store.ts';

export interface CreatedToken {
  id: string;
  name: string;
  role: Role;
  /** The secret, shown once. */
  token: string;
  expiresAt: string | null;
}

export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Who an active, unexpired token belongs to; null for any other. Notes its use (S2). */
  authenticate(token: string): Promise<TokenPrincipal | null> {
    return findTokenPrincipal(this.db, token, this.clock.now());
  }

  list(): Promise<TokenRow[]> {
    return listTokens(this.db);
  }

  /** Makes a token for `actor` (who is recorded, e.g. `officer:anna`, `token:ops`, `cli`). */
  async create(
    actor: string,
    input: { name: string; role: Role; expiresAt?: Date | null },
  ): Promise<CreatedToken> {
    const token = `lma_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const at = this.clock.now();
    const expiresAt = input.expiresAt ?? null;
    await this.db.transaction(async (tx) => {
      await insertToken(tx, { id, name: input.name, role: input.role, token, at, expiresAt });
      await appendHistory(tx, {
        at,
        actor,
        action: 'token.created',
        applicantId: null,
        details: {
          tokenId: id,
          name: input.name,
          role: input.role,
          expiresAt: expiresAt?.toISOString() ?? null,
        },
        correlationId: null,
      });
    });
    return { id, name: input.name, role: input.role, token, expiresAt: expiresAt?.toISOString() ?? null };
  }

  /** Revokes an active token; null when there is none with that id (nothing is recorded then). */
  async revoke(actor: string, id: string): Promise<{ name: string } | null> {
    const at = this.clock.now();
    return this.db.transaction(async (tx) => {
      const revoked = await revokeToken(tx, id, at);
      if (revoked)
        await appendHistory(tx, {
          at,
          actor,
          action: 'token.revoked',
          applicantId: null,
          details: { tokenId: id, name: revoked.name },
          correlationId: null,
        });
      return revoked;
    });
  }
}
