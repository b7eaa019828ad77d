// First run: while no administrator exists, `lmakort serve` prints a one-time link with which the
// first administrator chooses a username and password in the browser. The token is 256 random bits,
// kept only as its SHA-256, valid for SETUP_LINK_MINUTES and usable once; once any administrator
// exists every link is refused. Issuing and using a link are recorded in the history (P4).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db, Queryable } from '../store/db.ts';
import { insertOfficer } from '../store/officer-store.ts';
import { appendHistory } from '../store/record-store.ts';
import { adminExists, claimSetupLink, findSetupLink, insertSetupLink } from '../store/setup-link-store.ts';
import { AppError } from './app-error.ts';
import { checkedNewOfficer } from './officer-accounts.ts';
import { hashPassword } from './passwords.ts';

export const SETUP_LINK_MINUTES = 30;
const ACTOR = 'setup-link';

export type SetupLinkState = 'usable' | 'unknown' | 'used' | 'expired' | 'admin_exists';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class FirstAdmin {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private record(tx: Queryable, action: string, details: Record<string, unknown>) {
    return appendHistory(tx, {
      at: this.clock.now(),
      actor: ACTOR,
      action,
      applicantId: null,
      details,
      correlationId: null,
    });
  }

  hasAdmin(): Promise<boolean> {
    return adminExists(this.db);
  }

  /** A new link's token when no administrator exists yet; null when one does. */
  async issueLink(): Promise<{ token: string; expiresAt: Date } | null> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SETUP_LINK_MINUTES * 60_000);
    return this.db.transaction(async (tx) => {
      if (await adminExists(tx)) return null;
      await insertSetupLink(tx, hashOf(token), now, expiresAt);
      await this.record(tx, 'setup.link_issued', { expiresAt: expiresAt.toISOString() });
      return { token, expiresAt };
    });
  }

  async state(token: string): Promise<SetupLinkState> {
    const link = await findSetupLink(this.db, hashOf(token));
    if (!link) return 'unknown';
    if (link.usedAt) return 'used';
    if (await adminExists(this.db)) return 'admin_exists';
    if (new Date(link.expiresAt) <= this.clock.now()) return 'expired';
    return 'usable';
  }

  /**
   * The first administrator, made with the link (which is then used up). A bad username or password
   * is refused naming the field and leaves the link usable; a link that is not usable is refused.
   */
  async createAdmin(
    token: string,
    input: { username: string; password: string },
  ): Promise<{ username: string }> {
    const username = checkedNewOfficer(input);
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      if ((await adminExists(tx)) || !(await claimSetupLink(tx, hashOf(token), now)))
        throw new AppError('setup_link_refused', 'this setup link is no longer usable', 'token');
      if (!(await insertOfficer(tx, { id, username, role: 'admin', passwordHash, at: now })))
        throw new AppError('username_taken', `the username ${username} is taken`, 'username');
      await this.record(tx, 'officer.created', { officerId: id, username, role: 'admin' });
      await this.record(tx, 'setup.link_used', { officerId: id, username });
      return { username };
    });
  }
}
