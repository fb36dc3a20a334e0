// Generates the parameter and taxonomy tables of docs/ODD.md from the code (the lever
// catalogue and the sub-item table), between the markers <!-- generated:... -->. Run
// `npm run docs:odd` after changing levers or sub-items; test/sim/odd.test.ts fails when the
// document is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { LEVERS, LEVER_GROUPS, type Lever } from '../sim/index.ts';
import { SUB_ITEMS, CATEGORIES } from '../sim/taxonomy.ts';
import { describePrior } from '../sim/levers.ts';

function range(l: Lever): string {
  switch (l.kind) {
    case 'number': case 'integer': return `${l.min} – ${l.max}`;
    case 'boolean': return 'on / off';
    case 'choice': return l.choices.map((c) => c.value).join(' / ');
    case 'date': return `${l.min} – ${l.max}`;
  }
}

export function leverTable(): string {
  const rows: string[] = [];
  for (const g of LEVER_GROUPS) {
    const ls = LEVERS.filter((l) => l.group === g.id);
    if (!ls.length) continue;
    rows.push(`\n#### ${g.en} (${g.zh})\n`);
    rows.push('| id | meaning | unit | default | range | source | prior |');
    rows.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const l of ls) rows.push(`| \`${l.id}\` | ${l.meaning.en} (${l.label.zh}) | ${l.unit.en || '–'} | ${String(l.default)} | ${range(l)} | ${l.source} | ${describePrior(l.prior)} |`);
  }
  return rows.join('\n');
}

export function subItemTable(): string {
  const rows = ['| # | category | sub-item | rate /1000/yr | authority 2019 → 2021 | departments | urgency | hours | cost (yuan) | patrol visibility | direct reporting |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  SUB_ITEMS.forEach((s, i) => {
    const cat = CATEGORIES.find((c) => c.id === s.category)!;
    rows.push(`| ${i + 1} | ${cat.zh} | ${s.en} (${s.zh}) | ${s.rate} | ${s.authorityBefore} → ${s.authorityAfter} | ${s.departments.join(', ') || '– (mediation)'} | ${s.urgency} | ${s.hours} | ${s.cost || '–'} | ${s.visibility} | ${s.direct} |`);
  });
  return rows.join('\n');
}

export function renderOdd(text: string): string {
  const put = (t: string, name: string, body: string) => {
    const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(t)) throw new Error(`docs/ODD.md lacks the markers for ${name}`);
    return t.replace(re, `$1\n${body}\n$2`);
  };
  return put(put(text, 'levers', leverTable()), 'subitems', subItemTable());
}

if (process.argv[1]?.endsWith('odd-tables.ts')) {
  const file = new URL('../docs/ODD.md', import.meta.url);
  writeFileSync(file, renderOdd(readFileSync(file, 'utf8')));
  console.log('docs/ODD.md tables regenerated');
}
