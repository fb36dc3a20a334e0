// The ODD document lists every lever (with its default and source) and every sub-item as the
// code defines them: adding or changing one without regenerating the document fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEVERS } from '../../sim/index.ts';
import { renderOdd } from '../../scripts/odd-tables.ts';

describe('docs/ODD.md', () => {
  const text = readFileSync(new URL('../../docs/ODD.md', import.meta.url), 'utf8');
  it('has up-to-date generated tables (npm run docs:odd)', () => {
    expect(renderOdd(text)).toBe(text);
  });
  it('names every lever', () => {
    for (const l of LEVERS) expect(text, l.id).toContain(`\`${l.id}\``);
  });
});
