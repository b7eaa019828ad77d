// A browser-like client for the officer console over real HTTP (fetch): it keeps the console's
// cookies, reads the CSRF token from the page it was given, and sends the Origin header a browser
// sends — or, when a test asks, a forged token, another origin or none.

import assert from 'node:assert/strict';
import { before } from 'node:test';
import { OfficerAccounts } from '../../src/services/officer-accounts.ts';
import type { Backend } from './backends.ts';
import { appOn, type RunningApp } from './http.ts';
import type { TestSystem } from './system.ts';

/** The password of every console account the tests make. */
export const PASSWORD = 'a-long-enough-password';

type Role = Parameters<OfficerAccounts['createOfficer']>[1]['role'];

/** Makes console accounts, username → role, each with PASSWORD. */
export async function makeAccounts(s: TestSystem, accounts: Record<string, Role>): Promise<void> {
  const officers = new OfficerAccounts(s.db, s.clock);
  for (const [username, role] of Object.entries(accounts))
    await officers.createOfficer('test', { username, role, password: PASSWORD });
}

/**
 * For a describe block: appOn(backend) with these console accounts made before the block's tests.
 * Read `.s` and `.web` inside the tests.
 */
export function consoleOn(
  backend: Backend,
  accounts: Record<string, Role>,
  options: Parameters<typeof appOn>[1] = {},
): { readonly s: TestSystem; readonly web: RunningApp } {
  const fixture = appOn(backend, options);
  before(() => makeAccounts(fixture.s, accounts));
  return fixture;
}

/** A console client signed in as `username` through the form (asserted to succeed). */
export async function signInAs(
  running: RunningApp,
  username: string,
  password = PASSWORD,
): Promise<ConsoleClient> {
  const c = new ConsoleClient(running);
  const r = await c.signIn(username, password);
  assert.equal(r.status, 303, `${username} signs in`);
  return c;
}

export interface ConsoleResponse {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token in the last page that had a form. */
  csrf = '';

  constructor(readonly running: RunningApp) {}

  get origin(): string {
    return this.running.url;
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async read(res: Response): Promise<ConsoleResponse> {
    this.remember(res.headers);
    const body = await res.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(body);
    if (token?.[1]) this.csrf = token[1];
    return { status: res.status, headers: res.headers, body, location: res.headers.get('location') };
  }

  async get(path: string): Promise<ConsoleResponse> {
    const res = await fetch(`${this.origin}${path}`, {
      headers: { cookie: this.cookieHeader() },
      redirect: 'manual',
    });
    return this.read(res);
  }

  /** Posts a urlencoded form with the current CSRF token and our Origin, unless told otherwise. */
  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    o: { csrf?: string | null; origin?: string | null } = {},
  ): Promise<ConsoleResponse> {
    const form = new URLSearchParams();
    const csrf = o.csrf === undefined ? this.csrf : o.csrf;
    if (csrf !== null) form.append('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
    const origin = o.origin === undefined ? this.origin : o.origin;
    const res = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        ...(origin === null ? {} : { origin }),
      },
      body: form.toString(),
      redirect: 'manual',
    });
    return this.read(res);
  }

  /** Posts a multipart form with one file field `photo`. */
  async postPhoto(path: string, bytes: Uint8Array, type = 'image/png'): Promise<ConsoleResponse> {
    const data = new FormData();
    data.set('_csrf', this.csrf);
    data.set('photo', new Blob([bytes], { type }), 'photo.png');
    const res = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), origin: this.origin },
      body: data,
      redirect: 'manual',
    });
    return this.read(res);
  }

  /** Signs in through the form, as a browser would; returns the answer to the POST. */
  async signIn(username: string, password: string): Promise<ConsoleResponse> {
    await this.get('/officer/sign-in');
    return this.post('/officer/sign-in', { username, password });
  }
}

/** The text a person reads in an HTML page: tags removed, entities of the escaper decoded, spaces joined. */
export function pageText(body: string): string {
  return body
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}
