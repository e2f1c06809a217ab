/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot download a browser
 * here). `.ci/run` installs the `chromium` package when it is missing; a machine where it still
 * cannot be launched skips the browser tests, and the skip says why.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Headless, as root in a container, and quiet on the network: without the background-networking
 * flags Chromium keeps calling Google's hosts, which this machine's closed network refuses.
 * Playwright gives every launch a fresh, empty profile (its own --user-data-dir).
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Launch = { browser: Browser; problem: null } | { browser: null; problem: string };

export async function launchChromium(): Promise<Launch> {
  if (!existsSync(CHROMIUM_PATH)) {
    return {
      browser: null,
      problem: `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`,
    };
  }
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, timeout: 60_000 });
    return { browser, problem: null };
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { browser: null, problem: `Chromium at ${CHROMIUM_PATH} cannot be launched: ${first}` };
  }
}
