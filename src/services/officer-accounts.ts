// Officer accounts and console sessions: sign-in with lock-out, sessions with an idle
// timeout and an absolute lifetime, and the account changes admins make. Every sign-in, sign-out,
// failure and account change is appended to the history (P4) — without any password.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db, Queryable } from '../store/db.ts';
import {
  claimSignInAttempt,
  clearFailedSignIns,
  deleteDeadSessions,
  deleteOfficerSessions,
  deleteSession,
  findOfficerById,
  findOfficerByUsername,
  insertOfficer,
  insertSession,
  listOfficers,
  type Officer,
  type OfficerRole,
  setOfficerDisabled,
  setOfficerPassword,
  setSessionFlash,
  touchSession,
} from '../store/officer-store.ts';
import { appendHistory } from '../store/record-store.ts';
import { AppError } from './app-error.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export const USERNAME = /^[a-z0-9._-]{2,40}$/;

export interface SessionPolicy {
  /** A session unused this long is over. */
  idleMinutes: number;
  /** A session is over this long after sign-in, however busy. */
  maxHours: number;
  /** Failed sign-ins in a row that lock an account… */
  maxFailures: number;
  /** …for this long. */
  lockMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMinutes: 30,
  maxHours: 12,
  maxFailures: 5,
  lockMinutes: 15,
};

/** The signed-in officer, as the console sees them on every request. */
export interface ConsoleSession {
  idHash: string;
  officerId: string;
  username: string;
  role: OfficerRole;
  csrfToken: string;
  flash: unknown;
}

export type SignInOutcome =
  | { ok: true; sessionId: string; session: ConsoleSession }
  /** Told apart for the history only: the console answers both alike. */
  | { ok: false; reason: 'bad_credentials' | 'locked' };

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

/** A new officer's username (normalised) if it and the password are acceptable; refused naming the field. */
export function checkedNewOfficer(input: { username: string; password: string }): string {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new AppError(
      'validation',
      'username must be 2–40 characters of a–z, 0–9, dot, dash or underscore',
      'username',
    );
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('validation', `the password needs ${problem}`, 'password');
  return username;
}

export class OfficerAccounts {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  private audit(tx: Queryable, actor: string, action: string, details: Record<string, unknown>) {
    return appendHistory(tx, {
      at: this.clock.now(),
      actor,
      action,
      applicantId: null,
      details,
      correlationId: null,
    });
  }

  /** Makes an officer account; refuses a bad username, a short password or a taken name. */
  async createOfficer(
    actor: string,
    input: { username: string; role: OfficerRole; password: string },
  ): Promise<{ id: string; username: string; role: OfficerRole }> {
    const username = checkedNewOfficer(input);
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const inserted = await insertOfficer(tx, {
        id,
        username,
        role: input.role,
        passwordHash,
        at: this.clock.now(),
      });
      if (!inserted) throw new AppError('username_taken', `the username ${username} is taken`, 'username');
      await this.audit(tx, actor, 'officer.created', { officerId: id, username, role: input.role });
    });
    return { id, username, role: input.role };
  }

  listOfficers(): Promise<Officer[]> {
    return listOfficers(this.db);
  }

  /**
   * Checks a username and password. Each check of an account's password is claimed first, in one
   * statement (claimSignInAttempt), so however many sign-ins arrive at once at most
   * `maxFailures` guesses per lock are checked. A locked account, an unknown name and a wrong
   * password get the same answer, and each costs one scrypt (against a decoy hash when the real one
   * is not checked): the answer does not tell which names exist.
   */
  async signIn(usernameInput: string, password: string): Promise<SignInOutcome> {
    const now = this.clock.now();
    const username = usernameInput.trim().toLowerCase().slice(0, 60);
    const officer = USERNAME.test(username) ? await findOfficerByUsername(this.db, username) : null;
    const lockUntil = new Date(now.getTime() + this.policy.lockMinutes * 60_000);
    const claim = officer
      ? await claimSignInAttempt(this.db, officer.id, this.policy.maxFailures, lockUntil, now)
      : null;
    if (!officer || !claim) {
      await verifyPassword(password.slice(0, 200), await decoyHash());
      if (!officer) {
        await this.audit(this.db, 'console', 'officer.sign_in_failed', {
          username: username.replace(/[^\x20-\x7e]/g, '?'),
          reason: 'unknown_username',
        });
        return { ok: false, reason: 'bad_credentials' };
      }
      await this.audit(this.db, `officer:${username}`, 'officer.sign_in_refused', { reason: 'locked' });
      return { ok: false, reason: 'locked' };
    }
    const passwordOk = password.length <= 200 && (await verifyPassword(password, officer.passwordHash));
    if (officer.disabledAt !== null || !passwordOk) {
      const lockedNow = claim.lockedUntil !== null && new Date(claim.lockedUntil) > now;
      await this.audit(
        this.db,
        `officer:${username}`,
        lockedNow ? 'officer.locked_out' : 'officer.sign_in_failed',
        {
          reason: officer.disabledAt !== null ? 'disabled' : 'wrong_password',
          ...(lockedNow ? { lockedUntil: claim.lockedUntil } : {}),
        },
      );
      return { ok: false, reason: lockedNow ? 'locked' : 'bad_credentials' };
    }
    const sessionId = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      idHash: hashSessionId(sessionId),
      officerId: officer.id,
      username: officer.username,
      role: officer.role,
      csrfToken: randomBytes(32).toString('base64url'),
      flash: null,
    };
    await this.db.transaction(async (tx) => {
      // Housekeeping rides on sign-ins: sessions past their idle time or lifetime are forgotten.
      await deleteDeadSessions(tx, now, new Date(now.getTime() - this.policy.idleMinutes * 60_000));
      await clearFailedSignIns(tx, officer.id);
      await insertSession(tx, {
        idHash: session.idHash,
        officerId: officer.id,
        csrfToken: session.csrfToken,
        at: now,
        expiresAt: new Date(now.getTime() + this.policy.maxHours * 3_600_000),
      });
      await this.audit(tx, `officer:${officer.username}`, 'officer.signed_in', {});
    });
    return { ok: true, sessionId, session };
  }

  /** The live session for a cookie's id, marked as seen now; null when unknown, idle too long or over. */
  async resumeSession(sessionId: string): Promise<ConsoleSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.policy.idleMinutes * 60_000);
    const s = await touchSession(this.db, hashSessionId(sessionId), now, idleSince);
    if (!s) return null;
    return {
      idHash: s.idHash,
      officerId: s.officerId,
      username: s.username,
      role: s.role,
      csrfToken: s.csrfToken,
      flash: s.flash,
    };
  }

  setFlash(session: ConsoleSession, flash: unknown): Promise<void> {
    return setSessionFlash(this.db, session.idHash, flash);
  }

  async signOut(session: ConsoleSession): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (await deleteSession(tx, session.idHash)) {
        await this.audit(tx, `officer:${session.username}`, 'officer.signed_out', {});
      }
    });
  }

  /** Housekeeping: forgets sessions past their idle timeout or lifetime. */
  purgeDeadSessions(): Promise<number> {
    const now = this.clock.now();
    return deleteDeadSessions(this.db, now, new Date(now.getTime() - this.policy.idleMinutes * 60_000));
  }

  /** P4 for admin actions outside the applicant's story (API tokens made or revoked in the console). */
  recordAdminAction(actor: string, action: string, details: Record<string, unknown>): Promise<void> {
    return this.audit(this.db, actor, action, details);
  }

  private async target(id: string): Promise<Officer> {
    const officer = await findOfficerById(this.db, id);
    if (!officer) throw new AppError('not_found', 'no such officer');
    return officer;
  }

  /** Disables (or enables again) an account; a disabled officer's sessions end at once. */
  async setDisabled(actor: string, id: string, disabled: boolean): Promise<Officer> {
    const officer = await this.target(id);
    await this.db.transaction(async (tx) => {
      await setOfficerDisabled(tx, id, disabled ? this.clock.now() : null);
      if (disabled) await deleteOfficerSessions(tx, id);
      await this.audit(tx, actor, disabled ? 'officer.disabled' : 'officer.enabled', {
        officerId: id,
        username: officer.username,
      });
    });
    return officer;
  }

  async unlock(actor: string, id: string): Promise<Officer> {
    const officer = await this.target(id);
    await this.db.transaction(async (tx) => {
      await clearFailedSignIns(tx, id);
      await this.audit(tx, actor, 'officer.unlocked', { officerId: id, username: officer.username });
    });
    return officer;
  }

  /** Sets a new password (an admin's reset); the officer's sessions end and the lock is lifted. */
  async resetPassword(actor: string, id: string, password: string): Promise<Officer> {
    const problem = passwordProblem(password);
    if (problem) throw new AppError('validation', `the password needs ${problem}`, 'password');
    const officer = await this.target(id);
    const hash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await setOfficerPassword(tx, id, hash, this.clock.now());
      await deleteOfficerSessions(tx, id);
      await this.audit(tx, actor, 'officer.password_reset', { officerId: id, username: officer.username });
    });
    return officer;
  }
}
