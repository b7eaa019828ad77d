// The officer console as an officer meets it in Chromium: a page object over the console's labels and
// data-testid hooks, axe-core run inside the page, screenshots, and the server started with accounts
// made by the real `lmakort officer create` (password on standard input).

import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { runCli } from '../../support/cli.ts';
import { assertScreenshot, BasePage, readable } from './base-page.ts';
import { type DemoServer, startDemoServer } from './demo-server.ts';

export const ACCOUNTS = {
  admin: { username: 'astrid.admin', password: 'admin-password-2026', role: 'admin' },
  officer: { username: 'olle.officer', password: 'officer-password-2026', role: 'officer' },
  auditor: { username: 'greta.auditor', password: 'auditor-password-2026', role: 'auditor' },
} as const;
export type AccountName = keyof typeof ACCOUNTS;

/** `lmakort serve --demo` with one account per role, made before the server holds the data folder. */
export function startConsoleServer(): Promise<DemoServer> {
  return startDemoServer({
    prepare: async (env) => {
      for (const a of Object.values(ACCOUNTS)) {
        const r = await runCli(
          ['officer', 'create', '--username', a.username, '--role', a.role],
          { ...env, NODE_ENV: 'development' },
          `${a.password}\n`,
        );
        assert.equal(r.code, 0, `officer create ${a.username}: ${r.stderr}`);
      }
    },
  });
}

/** The screens kept in docs/screens/ (the others are taken, looked at in a failing run, and dropped). */
const MAIN_SCREENS = new Set([
  'sign-in',
  'find',
  'register-errors',
  'applicant',
  'applicant-en',
  'card-queue',
  'card-queue-batch',
  'confirm-cancel',
  'letters',
  'history',
  'admin-officers',
  'admin-tokens',
  'forbidden',
  'check-banner',
  'statistics',
]);
export class ConsolePage extends BasePage {
  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }
  get flash(): Locator {
    return this.page.getByTestId('flash');
  }
  get error(): Locator {
    return this.page.getByTestId('error');
  }
  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }
  async headingText(): Promise<string> {
    return this.text(this.heading);
  }

  /**
   * Waits until the element matching `selector` has the keyboard focus. The browser gives an autofocus
   * element its focus at its next rendering step, which may come after the load event.
   */
  async waitForFocus(selector: string): Promise<void> {
    await this.page.waitForFunction((sel) => {
      const doc = (
        globalThis as unknown as { document: { activeElement: unknown; querySelector(s: string): unknown } }
      ).document;
      return doc.activeElement !== null && doc.activeElement === doc.querySelector(sel);
    }, selector);
  }

  /** The text of the element that has the keyboard focus. */
  async focusedText(): Promise<string> {
    await this.page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document
          .activeElement?.tagName !== 'BODY',
    );
    return readable(
      await this.page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    );
  }

  /** Clicks a button (by its accessible name) and waits for the page it leads to. */
  async press(name: string | RegExp, within?: Locator): Promise<void> {
    const scope = within ?? this.page.locator('main');
    await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'load' }),
      scope.getByRole('button', { name, exact: typeof name === 'string' }).click(),
    ]);
  }

  async signIn(account: AccountName | { username: string; password: string }): Promise<void> {
    const a = typeof account === 'string' ? ACCOUNTS[account] : account;
    await this.goto('/officer/sign-in');
    await this.page.getByLabel(/Användarnamn|Username/).fill(a.username);
    await this.page.getByLabel(/Lösenord|Password/).fill(a.password);
    await this.press(/Logga in|Sign in/);
  }

  async signOut(): Promise<void> {
    await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'load' }),
      this.page.getByRole('button', { name: /Logga ut|Sign out/ }).click(),
    ]);
  }

  /** Every page visited is checked by axe and photographed; the main screens are kept in docs/screens/. */
  async check(name: string): Promise<void> {
    await this.assertAccessible(name);
    assertScreenshot(await this.screenshot(`officer-${name}.png`, { keep: MAIN_SCREENS.has(name) }));
  }

  /** The public answer for a code, as a verifier's system would ask it (C5). */
  async lookup(code: string): Promise<string> {
    const r = await fetch(`${this.origin}/api/v1/status/${code}`);
    const body = (await r.json()) as { result: string; atUnd: boolean };
    return `${body.result}${body.atUnd ? '+AT-UND' : ''}`;
  }
}
