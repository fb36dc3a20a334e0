// The browser tests need Debian's Chromium and Firefox ESR; without them this fails and says how
// to install them (the browser tests themselves fail with the same message, never skip).
import { describe, expect, it } from 'vitest';
import { CHROMIUM, FIREFOX, requireBinary } from './helpers/browsers.ts';

describe('requireBinary(path)', () => {
  it('finds /usr/bin/chromium and /usr/bin/firefox-esr', () => {
    expect(() => requireBinary(CHROMIUM)).not.toThrow();
    expect(() => requireBinary(FIREFOX)).not.toThrow();
  });

  it('names the missing binary and the install command', () => {
    expect(() => requireBinary('/usr/bin/no-such-browser')).toThrow(/\/usr\/bin\/no-such-browser.*apt-get install -y chromium firefox-esr/);
  });
});
