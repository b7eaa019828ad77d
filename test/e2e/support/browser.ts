// Debian's Chromium, driven by playwright-core (no browser is ever downloaded). Where it is not
// installed the browser suites skip with a clear message, unless LMA_REQUIRE_BROWSER=1 makes that a failure.
// `browserSuite` is how every browser test file starts: availability, one Chromium, contexts closed.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export type BrowserAvailability =
  | { state: 'available' }
  | { state: 'skip'; reason: string }
  | { state: 'required-but-missing'; reason: string };

export function browserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM)) return { state: 'available' };
  const reason = `${CHROMIUM} not found — install it with \`apt-get install -y chromium\` to run the browser tests`;
  return process.env.LMA_REQUIRE_BROWSER === '1'
    ? { state: 'required-but-missing', reason: `LMA_REQUIRE_BROWSER=1 but ${reason}` }
    : { state: 'skip', reason };
}

/** With `extraArgs`, e.g. Chromium's fake camera for the console's photo capture. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A nurse's phone in Sweden: 390×844 CSS px at 2× (an iPhone 12–15 sized screen). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'sv-SE',
  timezoneId: 'Europe/Stockholm',
  colorScheme: 'light',
};

/** An officer's desktop, in Swedish. */
export const DESK_SV: BrowserContextOptions = {
  viewport: { width: 1280, height: 900 },
  locale: 'sv-SE',
  timezoneId: 'Europe/Stockholm',
  colorScheme: 'light',
};

/** An office desktop whose browser asks for English. */
export const DESKTOP_EN: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  locale: 'en-GB',
  timezoneId: 'Europe/Stockholm',
  colorScheme: 'light',
};

/** The browser of one suite: launched before its tests, closed after them with every context it made. */
export interface BrowserSession {
  readonly browser: Browser;
  /** A new context, closed with the browser at the end of the suite. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * A suite of browser tests: skipped without Chromium (a failure with LMA_REQUIRE_BROWSER=1), with one
 * Chromium for all its tests. `start` runs first (a server to test, a file for the fake camera), then
 * Chromium is launched with `chromiumArgs()`; `stop` runs after the browser is closed.
 */
export function browserSuite(
  name: string,
  hooks: {
    start?: () => Promise<void>;
    chromiumArgs?: () => string[];
    stop?: () => Promise<void>;
    timeout?: number;
  },
  body: (session: BrowserSession) => void,
): void {
  const availability = browserAvailability();
  if (availability.state === 'required-but-missing') {
    describe(name, () => {
      it('needs Chromium', () => assert.fail(availability.reason));
    });
    return;
  }
  describe(name, { skip: availability.state === 'skip' ? availability.reason : false }, () => {
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    const session: BrowserSession = {
      get browser() {
        if (!browser) throw new Error('the browser is launched before the tests');
        return browser;
      },
      async newContext(options = {}) {
        const context = await session.browser.newContext(options);
        contexts.push(context);
        return context;
      },
    };
    before(
      async () => {
        await hooks.start?.();
        browser = await launchChromium(hooks.chromiumArgs?.() ?? []);
      },
      { timeout: hooks.timeout ?? 180_000 },
    );
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await hooks.stop?.();
    });
    body(session);
  });
}

/** A server a browser suite starts before its browser and stops after it; `server` once started. */
export function suiteServer<S extends { stop(): Promise<void> }>(startServer: () => Promise<S>) {
  let running: S | undefined;
  return {
    start: async () => {
      running = await startServer();
    },
    stop: async () => {
      await running?.stop();
    },
    get server(): S {
      if (!running) throw new Error('the server is started before the tests');
      return running;
    },
  };
}
