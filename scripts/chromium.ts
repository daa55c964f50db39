import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (apt-get install chromium), driven by playwright-core: a real browser
 * for what only a browser does (CSP, upgrade-insecure-requests, rendering; the browser tests
 * and npm run screenshots). Everything that
 * would reach out to the internet on its own is switched off.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    // Not skipped: the browser tests are part of the suite (.ci/run installs the package).
    throw new Error(
      `Chromium is missing at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
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
