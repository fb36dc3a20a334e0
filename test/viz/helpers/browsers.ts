// Launch Debian's browsers for the tests: Chromium through playwright-core, Firefox ESR through
// puppeteer-core (WebDriver BiDi). A missing binary is a failure with the install command, never a skip.
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export function requireBinary(path: string): void {
  if (!existsSync(path)) {
    throw new Error(`browser binary ${path} is missing: install it with \`apt-get install -y chromium firefox-esr\` (the browser tests need both)`);
  }
}

export async function launchChromium() {
  requireBinary(CHROMIUM);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function launchFirefox() {
  requireBinary(FIREFOX);
  const puppeteer = (await import('puppeteer-core')).default;
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, args: ['--headless'] });
}
