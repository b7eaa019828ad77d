// Page object for the public lookup page (C4): what a verifier sees and does, by the page's own
// structure (the page carries no test hooks: every byte is sent with every answer). It also records
// every request the page makes and every console message, for C6 checks.

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Locator, Page, Response } from 'playwright-core';

/**
 * Screenshots go to docs/screens/ only when asked (LMA_UPDATE_SCREENS=1), so a test run does not
 * rewrite the kept pictures (the demo codes are random); otherwise to a temporary folder.
 */
const SCRATCH_DIR = `${mkdtempSync(join(tmpdir(), 'lmakort-screens-'))}/`;
export const SCREENS_DIR =
  process.env.LMA_UPDATE_SCREENS === '1'
    ? new URL('../../../docs/screens/', import.meta.url).pathname
    : SCRATCH_DIR;

/** The browser's window, as seen from a function that runs inside the page (no DOM types in tsconfig). */
interface PageWindow {
  getComputedStyle(element: unknown): { fontSize: string };
}

export class LookupPage {
  /** Every request the page made (documents, subresources, anything), by URL. */
  readonly requests: string[] = [];
  readonly consoleMessages: ConsoleMessage[] = [];
  readonly pageErrors: Error[] = [];

  private constructor(
    readonly page: Page,
    readonly origin: string,
  ) {
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('console', (message) => this.consoleMessages.push(message));
    page.on('pageerror', (error) => this.pageErrors.push(error));
  }

  static async open(context: BrowserContext, origin: string): Promise<LookupPage> {
    return new LookupPage(await context.newPage(), origin);
  }

  /** Navigates to a path on the server and waits for the page to have loaded. */
  async goto(path: string): Promise<Response> {
    const response = await this.page.goto(`${this.origin}${path}`, { waitUntil: 'load' });
    if (!response) throw new Error(`no response for ${path}`);
    return response;
  }

  get answer(): Locator {
    return this.page.locator('section[data-result]');
  }
  get headline(): Locator {
    return this.answer.locator('h1');
  }
  get icon(): Locator {
    return this.answer.locator('svg');
  }
  get atUnd(): Locator {
    return this.page.locator('section.u');
  }
  get noAtUnd(): Locator {
    return this.page.locator('p.n');
  }
  get checkedAt(): Locator {
    return this.page.locator('p.m').first();
  }
  get code(): Locator {
    return this.page.locator('p.m .c:not(.t)');
  }
  get typed(): Locator {
    return this.page.locator('p.m .t');
  }
  /** The switch's link to one language (the current language is not a link). */
  languageLink(lang: string): Locator {
    return this.page.locator(`nav a[lang="${lang}"]`);
  }
  get codeInput(): Locator {
    return this.page.locator('input#code');
  }

  async headlineText(): Promise<string> {
    return readable(await this.headline.textContent());
  }
  async result(): Promise<string | null> {
    return this.answer.getAttribute('data-result');
  }
  async text(locator: Locator): Promise<string> {
    return readable(await locator.textContent());
  }
  /** All text in the page's body, hidden or not (stricter than what is rendered). */
  async bodyText(): Promise<string> {
    return readable(await this.page.locator('body').textContent());
  }

  /** Computed CSS font size of an element, in CSS pixels. */
  async fontSizePx(locator: Locator): Promise<number> {
    const size = await locator.evaluate(
      (element) => (globalThis as unknown as PageWindow).getComputedStyle(element).fontSize,
    );
    return Number.parseFloat(size);
  }

  /** Types into the code field key by key, as a person would, and submits with Enter. */
  async typeCodeAndSubmit(input: string): Promise<void> {
    await this.codeInput.click();
    await this.codeInput.pressSequentially(input);
    await Promise.all([this.page.waitForURL(/\/k\/\?code=/), this.codeInput.press('Enter')]);
    await this.answer.waitFor({ state: 'visible' });
  }

  /** Taps a language in the switch and waits for that language's page. */
  async switchLanguage(lang: string): Promise<void> {
    await Promise.all([
      this.page.waitForURL(new RegExp(`[?&]lang=${lang}`)),
      this.languageLink(lang).click(),
    ]);
    await this.page.waitForLoadState('load');
  }

  /** A full-page screenshot; `keep: false` writes it to a temporary folder even when updating docs/screens/. */
  async screenshot(name: string, options: { keep?: boolean } = {}): Promise<string> {
    const dir = options.keep === false ? SCRATCH_DIR : SCREENS_DIR;
    mkdirSync(dir, { recursive: true });
    const path = `${dir}${name}`;
    await this.page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
    return path;
  }

  /** Console messages that report a Content-Security-Policy violation. */
  cspViolations(): string[] {
    return this.consoleMessages
      .map((m) => m.text())
      .filter((text) => /content security policy|content-security-policy/i.test(text));
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * Text as a person reads it: the page keeps words together with no-break spaces and hyphens
 * ("EJ\u00a0giltigt", "ABCD\u2011EFGH"), which read exactly like ordinary ones.
 */
export function readable(text: string | null): string {
  return (text ?? '').replaceAll('\u00a0', ' ').replaceAll('\u2011', '-').trim();
}
