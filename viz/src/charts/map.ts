// The schematic district map: streets → communities → grids as a treemap sized by residents
// (no tiles, no geography), each grid coloured by a chosen metric. Clicking a street (or picking
// it in the list) zooms in; clicking a grid there opens its queue. From the keyboard the grid
// cells are one tab stop (a roving tabindex): arrow keys move between cells, Home/End jump to
// the first/last, Enter or Space does what a click does, Escape goes back to the whole district.
import * as d3 from 'd3';
import { bi, fmtInt, fmtValue, fmtWithUnit, getLang, t } from '../i18n.ts';
import { diverging, sequential } from '../palette.ts';
import type { Layout } from '../protocol.ts';
import { escapeHtml, hideTooltip, showTooltip, type Card } from './card.ts';

export interface MapView {
  layout: Layout;
  values?: Float64Array;
  unit: string;
  metricLabel: string;
  /** Street index zoomed into, or null for the whole district. */
  focus: number | null;
  /** Differences: a diverging scale centred on zero. */
  diverging?: boolean;
  selectedGrid?: number;
  onStreet(street: number | null): void;
  onGrid(grid: number): void;
}

interface Leaf { grid: number; pop: number }

/** The grid cell that takes the tab stop, per card (kept across redraws). */
const activeCell = new WeakMap<Card, number>();
interface Branch { id: string; label: string; children: (Branch | Leaf)[] }

/** Index of each community within its street (for names like "Community 3"). */
export function communityIndex(layout: Layout): Int32Array {
  const out = new Int32Array(layout.communityStreet.length);
  const seen = new Int32Array(layout.streets.length);
  layout.communityStreet.forEach((s, c) => { out[c] = seen[s]++; });
  return out;
}

export function gridName(g: number): string {
  return `${t('grid')} ${fmtInt(g + 1)}`;
}

export function communityName(layout: Layout, c: number, idx = communityIndex(layout)): string {
  return `${bi(layout.streets[layout.communityStreet[c]])} · ${t('community')} ${fmtInt(idx[c] + 1)}`;
}

function tree(layout: Layout, focus: number | null): Branch {
  const byCommunity: Leaf[][] = layout.communityStreet.length ? Array.from(layout.communityStreet, () => []) : [];
  layout.gridCommunity.forEach((c, g) => byCommunity[c].push({ grid: g, pop: layout.gridPopulation[g] }));
  const idx = communityIndex(layout);
  const community = (c: number): Branch => ({ id: `c${c}`, label: `${t('community')} ${fmtInt(idx[c] + 1)}`, children: byCommunity[c] });
  const streets = layout.streets.map((s, si): Branch => ({
    id: `s${si}`, label: bi(s),
    children: Array.from(layout.communityStreet).map((cs, c) => (cs === si ? c : -1)).filter((c) => c >= 0).map(community),
  }));
  if (focus !== null) return { id: 'root', label: '', children: streets[focus].children };
  return { id: 'root', label: '', children: streets };
}

type HN = d3.HierarchyRectangularNode<Branch | Leaf>;
interface Laid { key: string; layout: Layout; leaves: HN[]; branches: HN[]; outlines: HN[] }
const laidCache = new WeakMap<Card, Laid>();

/** Treemap positions for a layout, zoom and size; computed again only when one of them changes. */
function laidOut(card: Card, v: MapView, w: number, h: number): { laid: Laid; fresh: boolean } {
  const key = `${v.focus}|${w}|${h}|${getLang()}`;
  const old = laidCache.get(card);
  if (old && old.key === key && old.layout === v.layout) return { laid: old, fresh: false };
  const hier = d3.hierarchy<Branch | Leaf>(tree(v.layout, v.focus), (d) => ('children' in d ? d.children : undefined))
    .sum((d) => ('pop' in d ? d.pop : 0));
  d3.treemap<Branch | Leaf>().tile(d3.treemapSquarify.ratio(1.2)).size([w, h]).round(true)
    .paddingOuter((n) => (n.depth === 0 ? 0 : 1))
    .paddingTop((n) => (n.depth === 1 ? 16 : n.depth === 0 ? 0 : 1))
    .paddingInner((n) => (n.depth === 0 ? 3 : 1))(hier);
  const root = hier as HN;
  const laid: Laid = {
    key,
    layout: v.layout,
    leaves: root.leaves().filter((n) => 'grid' in n.data),
    branches: root.descendants().filter((n) => n.depth === 1),
    outlines: v.focus === null ? root.descendants().filter((n) => n.depth === 2 && !('grid' in n.data)) : [],
  };
  laidCache.set(card, laid);
  return { laid, fresh: true };
}

export function drawMap(card: Card, v: MapView): void {
  const focused = document.activeElement;
  const root = d3.select(card.svg);
  const legendH = 34;
  const w = card.width;
  const h = card.height - legendH;
  const { laid, fresh } = laidOut(card, v, w, h);
  const { leaves, branches, outlines } = laid;
  const vals = v.values;
  const shown: number[] = [];
  if (vals) for (const n of leaves) {
    const x = vals[(n.data as Leaf).grid];
    if (Number.isFinite(x)) shown.push(x);
  }
  let color: (x: number) => string;
  let domain: [number, number];
  if (v.diverging) {
    const m = d3.max(shown, (x) => Math.abs(x)) || 1;
    domain = [-m, m];
    color = (x) => diverging((x + m) / (2 * m));
  } else {
    const lo = d3.min(shown) ?? 0;
    const hi = d3.max(shown) ?? 1;
    domain = [lo, hi > lo ? hi : lo + 1];
    color = (x) => sequential((x - domain[0]) / (domain[1] - domain[0]));
  }
  const gg = root.selectAll<SVGGElement, null>('g.grids').data([null]).join('g').attr('class', 'grids');
  if (fresh) {
    const bg = root.selectAll<SVGGElement, null>('g.branches').data([null]).join('g').attr('class', 'branches');
    gg.raise();
    bg.selectAll<SVGRectElement, HN>('rect').data(branches, (n) => (n.data as Branch).id).join('rect')
      .attr('x', (n) => n.x0).attr('y', (n) => n.y0).attr('width', (n) => n.x1 - n.x0).attr('height', (n) => n.y1 - n.y0)
      .attr('fill', '#f3f3f3').attr('stroke', '#555').attr('stroke-width', 1.2)
      .style('cursor', v.focus === null ? 'pointer' : 'default');
    bg.selectAll<SVGTextElement, HN>('text').data(branches, (n) => (n.data as Branch).id).join('text')
      .attr('x', (n) => n.x0 + 4).attr('y', (n) => n.y0 + 12).attr('font-size', 12).attr('font-weight', 600)
      .text((n) => {
        const label = (n.data as Branch).label;
        const room = Math.floor((n.x1 - n.x0 - 6) / 12.5);
        return room <= 0 ? '' : [...label].length > room ? `${[...label].slice(0, Math.max(1, room - 1)).join('')}…` : label;
      });
    gg.selectAll<SVGRectElement, HN>('rect').data(leaves, (n) => String((n.data as Leaf).grid)).join('rect')
      .attr('x', (n) => n.x0).attr('y', (n) => n.y0).attr('width', (n) => Math.max(0, n.x1 - n.x0)).attr('height', (n) => Math.max(0, n.y1 - n.y0))
      .attr('data-grid', (n) => (n.data as Leaf).grid)
      .style('cursor', 'pointer');
    // Community outlines over the grids at district level (at street level communities are the labelled boxes).
    root.selectAll<SVGGElement, null>('g.outlines').data([null]).join('g').attr('class', 'outlines').attr('pointer-events', 'none')
      .selectAll<SVGRectElement, HN>('rect').data(outlines, (n) => (n.data as Branch).id).join('rect')
      .attr('x', (n) => n.x0 - 0.5).attr('y', (n) => n.y0 - 0.5).attr('width', (n) => n.x1 - n.x0 + 1).attr('height', (n) => n.y1 - n.y0 + 1)
      .attr('fill', 'none').attr('stroke', '#333').attr('stroke-width', 1);
  }
  // Handlers see this draw's view (values, zoom, callbacks).
  root.select('g.branches').selectAll<SVGRectElement, HN>('rect')
    .on('click', (_, n) => { if (v.focus === null) v.onStreet(Number((n.data as Branch).id.slice(1))); });
  const idx = communityIndex(v.layout);
  const cells = gg.selectAll<SVGRectElement, HN>('rect');
  const gridOf = (n: HN) => (n.data as Leaf).grid;
  const activate = (g: number) => {
    if (v.focus === null) v.onStreet(v.layout.communityStreet[v.layout.gridCommunity[g]]);
    else v.onGrid(g);
  };
  const describe = (g: number) => {
    const x = vals ? vals[g] : NaN;
    return { grid: gridName(g), community: communityName(v.layout, v.layout.gridCommunity[g], idx), value: `${v.metricLabel}: ${fmtWithUnit(x, v.unit)}` };
  };
  const tipHtml = (g: number) => {
    const d = describe(g);
    return `<div class="tt-date">${escapeHtml(d.grid)}</div><div>${escapeHtml(d.community)}</div>`
      + `<div>${escapeHtml(t('population'))}: ${fmtInt(v.layout.gridPopulation[g])}</div>`
      + `<div>${escapeHtml(v.metricLabel)}: <b>${fmtWithUnit(vals ? vals[g] : NaN, v.unit)}</b></div>`;
  };
  // The tab stop: the selected grid, else the last cell used, else the first cell shown.
  const shownGrids = leaves.map(gridOf);
  let active = activeCell.get(card);
  if (v.selectedGrid !== undefined && shownGrids.includes(v.selectedGrid)) active = v.selectedGrid;
  if (active === undefined || !shownGrids.includes(active)) active = shownGrids[0];
  activeCell.set(card, active);
  const ring = root.selectAll<SVGRectElement, null>('rect.focus-ring').data([null]).join('rect').attr('class', 'focus-ring')
    .attr('fill', 'none').attr('pointer-events', 'none');
  const showRing = (n: HN | undefined) => {
    ring.attr('visibility', n ? 'visible' : 'hidden');
    if (n) ring.attr('x', n.x0 + 1.5).attr('y', n.y0 + 1.5).attr('width', Math.max(0, n.x1 - n.x0 - 3)).attr('height', Math.max(0, n.y1 - n.y0 - 3));
  };
  const moveTo = (k: number) => {
    const n = leaves[Math.max(0, Math.min(leaves.length - 1, k))];
    if (!n) return;
    activeCell.set(card, gridOf(n));
    cells.attr('tabindex', (m) => (m === n ? 0 : -1));
    cells.filter((m) => m === n).node()?.focus();
  };
  cells
    .attr('fill', (n) => {
      const x = vals ? vals[gridOf(n)] : NaN;
      return Number.isFinite(x) ? color(x) : '#ccc';
    })
    .attr('stroke', (n) => (gridOf(n) === v.selectedGrid ? '#D55E00' : '#fff'))
    .attr('stroke-width', (n) => (gridOf(n) === v.selectedGrid ? 4 : 0.5))
    .attr('role', 'button')
    .attr('tabindex', (n) => (gridOf(n) === active ? 0 : -1))
    .attr('aria-current', (n) => (gridOf(n) === v.selectedGrid ? 'true' : null))
    .attr('aria-label', (n) => {
      const d = describe(gridOf(n));
      return `${d.grid} · ${d.community} · ${d.value}`;
    })
    .on('click', (_, n) => activate(gridOf(n)))
    .on('keydown', (ev: KeyboardEvent, n) => {
      const k = leaves.indexOf(n);
      switch (ev.key) {
        case 'Enter':
        case ' ':
          activate(gridOf(n));
          break;
        case 'ArrowRight':
        case 'ArrowDown':
          moveTo(k + 1);
          break;
        case 'ArrowLeft':
        case 'ArrowUp':
          moveTo(k - 1);
          break;
        case 'Home':
          moveTo(0);
          break;
        case 'End':
          moveTo(leaves.length - 1);
          break;
        case 'Escape':
          if (v.focus === null) return;
          v.onStreet(null);
          break;
        default:
          return;
      }
      ev.preventDefault();
    })
    .on('focus', function (_, n) {
      activeCell.set(card, gridOf(n));
      showRing(n);
      const box = this.getBoundingClientRect();
      showTooltip(card, { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 } as MouseEvent, tipHtml(gridOf(n)));
    })
    .on('blur', () => {
      showRing(undefined);
      hideTooltip(card);
    })
    .on('mousemove', (ev: MouseEvent, n) => showTooltip(card, ev, tipHtml(gridOf(n))))
    .on('mouseleave', () => hideTooltip(card));
  // Raising and reordering move elements in the document, which drops the keyboard focus: put it back.
  if (v.selectedGrid !== undefined) cells.filter((n) => gridOf(n) === v.selectedGrid).raise();
  root.select('g.outlines').raise();
  ring.raise();
  if (focused instanceof SVGElement && focused !== document.activeElement && card.svg.contains(focused)) focused.focus({ preventScroll: true });
  const now = document.activeElement;
  showRing(now instanceof SVGRectElement && now.parentNode === gg.node() ? leaves.find((n) => gridOf(n) === Number(now.getAttribute('data-grid'))) : undefined);
  // Legend: a gradient bar with its two ends.
  const lg = root.selectAll<SVGGElement, null>('g.map-legend').data([null]).join('g').attr('class', 'map-legend')
    .attr('transform', `translate(0,${h + 8})`);
  const defs = root.selectAll<SVGDefsElement, null>('defs').data([null]).join('defs');
  const grad = defs.selectAll<SVGLinearGradientElement, null>('linearGradient').data([null]).join('linearGradient').attr('id', 'map-gradient');
  grad.selectAll('stop').data(d3.range(11)).join('stop').attr('offset', (i) => `${i * 10}%`)
    .attr('stop-color', (i) => (v.diverging ? diverging(i / 10) : sequential(i / 10)));
  const barW = Math.min(260, w * 0.4);
  lg.selectAll<SVGTextElement, string>('text.metric').data([v.metricLabel]).join('text').attr('class', 'metric')
    .attr('x', 0).attr('y', 13).attr('font-size', 12).text((d) => d);
  const bx = w - barW - 70;
  lg.selectAll<SVGRectElement, null>('rect.bar').data([null]).join('rect').attr('class', 'bar')
    .attr('x', bx).attr('y', 2).attr('width', barW).attr('height', 12).attr('fill', 'url(#map-gradient)').attr('stroke', '#999');
  lg.selectAll<SVGTextElement, number>('text.end').data(shown.length ? domain : []).join('text').attr('class', 'end')
    .attr('x', (_, i) => (i === 0 ? bx - 4 : bx + barW + 4)).attr('y', 13).attr('font-size', 12)
    .attr('text-anchor', (_, i) => (i === 0 ? 'end' : 'start')).text((d) => fmtValue(d, v.unit, getLang()));
}
