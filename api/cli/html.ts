// Shared pieces of the HTML reports (report.html of compare / sweep / sensitivity / decompose,
// and calibrate's report): HTML escaping, JSON that is safe inside a <script> element, the
// report bundle (dist/report/report.js: viz/report/main.ts with d3 and the sandbox's chart
// modules, built by scripts/build.mjs) and the placeholders it draws extra charts into.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toJsonText } from '../../sim/experiments/index.ts';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return toJsonText(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// From the sources (api/cli/) and from the compiled build (dist/api/cli/).
const BUNDLE_PATHS = ['../../dist/report/report.js', '../../report/report.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
let bundle: string | undefined;

/** Read the first bundle that exists; a clear error naming the build command when none does. */
export function readBundle(paths: string[]): string {
  const at = paths.find((p) => existsSync(p));
  if (!at) throw new Error(`the report bundle dist/report/report.js is missing: run \`npm run build:dist\` (looked in ${paths.join(', ')})`);
  // "</script" would end the element early; the bundle never needs it written that way.
  return readFileSync(at, 'utf8').replace(/<\/(script)/gi, '<\\/$1');
}

/** The report's script, ready to inline in a <script> element. */
export function reportScript(): string {
  bundle ??= readBundle(BUNDLE_PATHS);
  return bundle;
}

/** The report's script element (place it after every chart placeholder). */
export function reportScriptTag(): string {
  return `<script>${reportScript()}</script>`;
}

/** A placeholder the report script draws a chart into (see viz/report/main.ts, drawExtraCharts). */
export type ChartKind = 'waterfall' | 'histogram' | 'pairs' | 'intervals';
export function chartHtml(kind: ChartKind, data: unknown): string {
  return `<div class="gs-chart" data-chart="${kind}"><script type="application/json">${scriptJson(data)}</script></div>`;
}

export const SECTION_CSS = `<style>
.gs-extra{margin:1.5rem 0}.gs-extra table{border-collapse:collapse;font-size:13px}.gs-extra td,.gs-extra th{border:1px solid #ccc;padding:2px 6px;text-align:right}
.gs-extra th:first-child,.gs-extra td:first-child{text-align:left}
.gs-chart{display:inline-block;vertical-align:top;margin:4px 28px 8px 0}
.gs-extra table.pairs td,.gs-extra table.pairs th{border:none;padding:0 2px}.gs-extra table.pairs th{font-size:11px;font-weight:normal;text-align:center}
.gs-extra svg text{font-family:sans-serif;font-size:12px}.gs-chart .chart-title{font-size:12px;color:#656d76;margin:2px 0}
</style>`;
