// Vitest global set-up: (re)build dist/ when any source is newer than the last build, so the
// tests that spawn bin/govsim.mjs (which runs dist/) never exercise stale JavaScript.
import { build } from '../scripts/build.mjs';

export default function setup() {
  build();
}
