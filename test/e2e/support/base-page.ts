// What every page object shares (lookup page, verifier, console, holder and privacy pages): the page
// and its origin, a record of every request, console message and script error, navigation, text as a
// person reads it, axe-core run inside the page, and screenshots. Each page object adds its own
// locators, found by role, label, text or data-testid.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Locator, Page, Request, Response } from 'playwright-core';

/**
 * Screenshots go to docs/screens/ only when asked (LMA_UPDATE_SCREENS=1), so a test run does not
 * rewrite the kept pictures (the demo codes are random); otherwise to a temporary folder.
 */
export const SCRATCH_DIR = `${mkdtempSync(join(tmpdir(), 'lmakort-screens-'))}/`;
export const SCREENS_DIR =
  process.env.LMA_UPDATE_SCREENS === '1'
    ? new URL('../../../docs/screens/', import.meta.url).pathname
    : SCRATCH_DIR;

/** Asserts that a screenshot file is a real picture, not an empty page. */
export function assertScreenshot(path: string): void {
  assert.ok(statSync(path).size > 5_000, `${path} is a real screenshot`);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The browser's globals, as seen from a function that runs inside the page (no DOM types in tsconfig). */
interface PageWindow {
  getComputedStyle(element: unknown): Record<string, string>;
}

/**
 * Text as a person reads it: the pages keep words together with no-break spaces and hyphens
 * ("EJ\u00a0giltigt", "ABCD\u2011EFGH"), which read exactly like ordinary ones.
 */
export function readable(text: string | null): string {
  return (text ?? '').replaceAll('\u00a0', ' ').replaceAll('\u2011', '-').trim();
}

export class BasePage {
  /** Every request the page made (documents, subresources, fetches), in order. */
  readonly requests: Request[] = [];
  readonly consoleMessages: ConsoleMessage[] = [];
  readonly pageErrors: Error[] = [];

  constructor(
    readonly page: Page,
    readonly origin: string,
  ) {
    page.on('request', (request) => this.requests.push(request));
    page.on('console', (message) => this.consoleMessages.push(message));
    page.on('pageerror', (error) => this.pageErrors.push(error));
  }

  /** A new page in `context`, as this page object. */
  static async in<T extends BasePage>(
    this: new (
      page: Page,
      origin: string,
    ) => T,
    context: BrowserContext,
    origin: string,
  ): Promise<T> {
    return new this(await context.newPage(), origin);
  }

  /** Navigates to a path on the server and waits for the page to have loaded. */
  async goto(path: string): Promise<Response> {
    const response = await this.page.goto(`${this.origin}${path}`, { waitUntil: 'load' });
    if (!response) throw new Error(`no response for ${path}`);
    return response;
  }

  async text(locator: Locator): Promise<string> {
    return readable(await locator.textContent());
  }

  /** A computed CSS property of an element. */
  async computed(locator: Locator, property: string): Promise<string> {
    return locator.evaluate(
      (element, name) => (globalThis as unknown as PageWindow).getComputedStyle(element)[name] as string,
      property,
    );
  }

  /** The URLs of every request so far. */
  requestUrls(): string[] {
    return this.requests.map((r) => r.url());
  }

  /** Console messages of type error. */
  consoleErrors(): string[] {
    return this.consoleMessages.filter((m) => m.type() === 'error').map((m) => m.text());
  }

  /** Console messages that report a Content-Security-Policy violation. */
  cspViolations(): string[] {
    return this.consoleMessages
      .map((m) => m.text())
      .filter((text) => /content security policy|content-security-policy/i.test(text));
  }

  /** axe-core in the page (evaluated through DevTools, which no page's CSP blocks). */
  async axeViolations(): Promise<AxeViolation[]> {
    await this.page.evaluate(AXE_SOURCE);
    return this.page.evaluate(async () => {
      const axe = (
        globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } }
      ).axe;
      const r = await axe.run({ resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    });
  }

  async assertAccessible(what: string): Promise<void> {
    const violations = await this.axeViolations();
    assert.deepEqual(
      violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
      ),
      [],
      `axe finds no violation on ${what}`,
    );
  }

  /** A full-page screenshot; `keep: false` writes it to a temporary folder even when updating docs/screens/. */
  async screenshot(name: string, options: { keep?: boolean } = {}): Promise<string> {
    const dir = options.keep === false ? SCRATCH_DIR : SCREENS_DIR;
    mkdirSync(dir, { recursive: true });
    const path = `${dir}${name}`;
    await this.page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
    return path;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
