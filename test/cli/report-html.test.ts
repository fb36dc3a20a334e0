// The report's HTML pieces: chart data embedded as JSON stays inert inside <script> (no "</script>"
// or "<!--" can end it), text is escaped, and the report bundle is inlined, never linked.
import { describe, expect, it } from 'vitest';
import { chartHtml, esc, readBundle, reportScript, scriptJson } from '../../api/cli/html.ts';

const HOSTILE = '</script><img src=x onerror="alert(1)"><!-- \u2028';

describe('report HTML', () => {
  it('embeds chart data as JSON that cannot close its <script> element and parses back to the same value', () => {
    const data = { title: HOSTILE, start: 1, end: 2, steps: [{ label: HOSTILE, value: 1 }] };
    const html = chartHtml('waterfall', data);
    const inner = html.slice(html.indexOf('>', html.indexOf('<script')) + 1, html.lastIndexOf('</script>'));
    expect(inner).not.toMatch(/<\/script|<!--|</i);
    expect(JSON.parse(inner)).toEqual(data);
    expect(html.startsWith('<div class="gs-chart" data-chart="waterfall"><script type="application/json">')).toBe(true);
    expect(scriptJson(HOSTILE)).not.toContain('<');
  });

  it('escapes text for HTML', () => {
    expect(esc(HOSTILE)).toBe('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;!-- \u2028');
  });

  it('inlines the built bundle (d3 and the chart modules), which never writes "</script"', () => {
    const js = reportScript();
    expect(js.startsWith('var govsimReport=')).toBe(true);
    expect(js).not.toMatch(/<\/script/i);
    expect(js.length).toBeGreaterThan(50_000);
  });

  it('says to run npm run build:dist when the bundle is missing', () => {
    expect(() => readBundle(['/nonexistent/govsim/report.js'])).toThrow(/report bundle dist\/report\/report\.js is missing: run `npm run build:dist`/);
  });
});
