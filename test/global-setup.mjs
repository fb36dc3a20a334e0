// Vitest global set-up: (re)build dist/ when any source is newer than the last build, so the
// tests that spawn bin/govsim.mjs (which runs dist/) never exercise stale JavaScript. The
// sandbox (viz/dist) is left alone: no test serves it (the browser tests build their own into
// temporary folders), and `npm test`'s pretest builds it when stale.
import { build } from '../scripts/build.mjs';

export default function setup() {
  build({ sandbox: false });
}
