// Page object for the public lookup page (C4): what a verifier sees and does, found by role, text and
// the answer's data-result (the page carries no test hooks: every byte is sent with every answer). The
// texts it looks for are every page language's own (src/http/public/texts), so one page object reads
// the page in any language.

import type { BrowserContext, Locator } from 'playwright-core';
import { AT_UND_TERM, PAGE_LANGUAGES, type PageTexts, TEXTS } from '../../../src/http/public/texts.ts';
import { BasePage } from './base-page.ts';

export { readable, SCREENS_DIR } from './base-page.ts';

const literally = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
/** Where a value is filled into a text: it matches anything. */
const ANY = '\u0000';
/** Any language's version of one text, from its start to `after`. */
function inAnyLanguage(pick: (t: PageTexts) => string, after = '$'): RegExp {
  const each = PAGE_LANGUAGES.map((lang) => literally(pick(TEXTS[lang])).replaceAll(ANY, '.+'));
  return new RegExp(`^(?:${[...new Set(each)].join('|')})${after}`);
}
const NO_AT_UND = inAnyLanguage((t) => t.noAtUnd);
const CHECKED_AT = inAnyLanguage((t) => t.checkedAt(ANY, ANY));
const CODE_LINE = inAnyLanguage((t) => t.codeLabel, ':');
const TYPED_LINE = inAnyLanguage((t) => t.typedCode, ':');

export class LookupPage extends BasePage {
  static open(context: BrowserContext, origin: string): Promise<LookupPage> {
    return LookupPage.in(context, origin);
  }

  get answer(): Locator {
    return this.page.locator('section[data-result]');
  }
  get headline(): Locator {
    return this.answer.getByRole('heading', { level: 1 });
  }
  get icon(): Locator {
    return this.answer.locator('svg');
  }
  /** What the answer means, the line under it. */
  get meaning(): Locator {
    return this.answer.locator('xpath=following-sibling::p[1]');
  }
  /** The AT-UND box: the section that says "AT-UND finns" and is not the answer. */
  get atUnd(): Locator {
    return this.page.locator('section:not([data-result])', { hasText: AT_UND_TERM });
  }
  get noAtUnd(): Locator {
    return this.page.getByText(NO_AT_UND);
  }
  get checkedAt(): Locator {
    return this.page.getByText(CHECKED_AT);
  }
  /** The card's code, in the line "Kod: …". */
  get code(): Locator {
    return this.page.getByText(CODE_LINE).locator('span');
  }
  /** What was typed, in the line "Du skrev: …". */
  get typed(): Locator {
    return this.page.getByText(TYPED_LINE).locator('span');
  }
  /** "Vad gör jag nu?": one link per role to the verifier's guidance. */
  get guidanceLinks(): Locator {
    return this.page.locator('a[href^="/verify?role="]');
  }
  /** The reasons a card may not be valid, as a list. */
  get reasons(): Locator {
    return this.page.getByRole('list').getByRole('listitem');
  }
  /** The switch's link to one language (the current language is not a link). */
  languageLink(lang: string): Locator {
    return this.page.getByRole('navigation').locator(`a[lang="${lang}"]`);
  }
  get codeInput(): Locator {
    return this.page.getByRole('textbox');
  }

  async headlineText(): Promise<string> {
    return this.text(this.headline);
  }
  async result(): Promise<string | null> {
    return this.answer.getAttribute('data-result');
  }
  /** All text in the page's body, hidden or not (stricter than what is rendered). */
  async bodyText(): Promise<string> {
    return this.text(this.page.locator('body'));
  }

  /** Computed CSS font size of an element, in CSS pixels. */
  async fontSizePx(locator: Locator): Promise<number> {
    return Number.parseFloat(await this.computed(locator, 'fontSize'));
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
}
