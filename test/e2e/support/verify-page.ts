// Page object for the verifier app (/verify): what a receptionist, a pharmacist or an
// employer sees and does, by data-testid. Records every request (and what it asked), console
// messages and script errors, for the "nothing from another origin" and "nothing sent" checks.

import type { BrowserContext, Download, Locator } from 'playwright-core';
import { BasePage, readable } from './base-page.ts';

/** The browser's globals, as seen from a function that runs inside the page (no DOM types in tsconfig). */
interface PageWindow {
  document: { activeElement: { id: string } | null };
}

export class VerifyPage extends BasePage {
  /** Opens /verify (with `query`) and waits until the app has loaded its texts and guidance. */
  static async open(context: BrowserContext, origin: string, query = ''): Promise<VerifyPage> {
    const p = await VerifyPage.in(context, origin);
    await p.page.goto(`${origin}/verify${query}`, { waitUntil: 'load' });
    await p.page.locator('body[data-ready="true"]').waitFor();
    return p;
  }

  get answer(): Locator {
    return this.page.getByTestId('answer');
  }
  get headline(): Locator {
    return this.page.getByTestId('headline');
  }
  get codeInput(): Locator {
    return this.page.getByTestId('code-input');
  }
  get codeStatus(): Locator {
    return this.page.getByTestId('code-status');
  }
  get guidance(): Locator {
    return this.page.getByTestId('guidance');
  }
  get receipt(): Locator {
    return this.page.getByTestId('receipt');
  }
  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Text as read: no-break hyphens as hyphens, and without the left-to-right isolates around codes and times. */
  override async text(locator: Locator): Promise<string> {
    return readable((await locator.textContent())?.replace(/[\u2066-\u2069]/g, '') ?? null);
  }
  async result(): Promise<string | null> {
    return this.answer.getAttribute('data-result');
  }
  /** The id of the focused element. */
  async activeId(): Promise<string | undefined> {
    return this.page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.id);
  }
  /** Requests to the status API so far (what a typo must never cause). */
  statusRequests(): string[] {
    return this.requestUrls().filter((u) => u.includes('/api/v1/status/'));
  }

  /** Waits for a new answer of kind `kind` (valid, not_valid, unknown, unavailable, counterfeit, typo, …). */
  async waitForAnswer(kind: string): Promise<void> {
    await this.page.locator(`#result:not([hidden]) [data-testid="answer"][data-result="${kind}"]`).waitFor();
    await this.page.locator('body:not([data-checking])').waitFor();
  }

  /** Clears the answer (the "new check" / "next customer" button). */
  async next(): Promise<void> {
    await this.testId('next').click();
    await this.page.locator('#result[hidden]').waitFor({ state: 'attached' });
  }

  /** Types key by key, as a person or a keyboard-emulating hand scanner does, then Enter. */
  async typeAndEnter(text: string, kind: string): Promise<void> {
    await this.codeInput.click();
    await this.codeInput.fill('');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.waitForAnswer(kind);
  }

  async chooseRole(role: 'healthcare' | 'pharmacy' | 'employer' | 'other'): Promise<void> {
    await this.testId(`role-${role}`).click();
    await this.page.locator(`[data-testid="role-${role}"][aria-checked="true"]`).waitFor();
  }

  async chooseLanguage(lang: string): Promise<void> {
    await this.page.locator(`#langs button[data-lang="${lang}"]`).click();
    await this.page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  }

  async download(click: () => Promise<void>): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), click()]);
    return download;
  }
}
