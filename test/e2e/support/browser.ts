// Debian's Chromium, driven by playwright-core (no browser is ever downloaded). Where it is not
// installed the browser suites skip with a clear message, unless LMA_REQUIRE_BROWSER=1 makes that a failure.

import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core';

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

/** An office desktop whose browser asks for English. */
export const DESKTOP_EN: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  locale: 'en-GB',
  timezoneId: 'Europe/Stockholm',
  colorScheme: 'light',
};
