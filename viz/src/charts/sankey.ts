// Sankey diagrams (d3-sankey): case flow from discovery channel to the level that closed the
// case, and money from the budget down to what it was spent on. In compare mode the baseline
// and the edited run stand side by side at the same scale of link width.
import * as d3 from 'd3';
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from 'd3-sankey';
import { escapeHtml, hideTooltip, showTooltip, type Card } from './card.ts';
import { GREY } from '../palette.ts';

export interface FlowLink { source: string; target: string; value: number }
export interface FlowGraph { title?: string; links: FlowLink[] }

interface N { id: string; name?: string }
interface L { source: string | N; target: string | N; value: number }

/** Drop self-loops and the links that close a cycle (d3-sankey needs a DAG); keeps the bigger links first. */
export function acyclic(links: FlowLink[]): FlowLink[] {
  const kept: FlowLink[] = [];
  const adj = new Map<string, Set<string>>();
  const reach = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of adj.get(n) ?? []) stack.push(m);
    }
    return false;
  };
  for (const l of [...links].sort((a, b) => b.value - a.value)) {
    if (l.source === l.target || !(l.value > 0) || reach(l.target, l.source)) continue;
    kept.push(l);
    if (!adj.has(l.source)) adj.set(l.source, new Set());
    adj.get(l.source)!.add(l.target);
  }
  return kept;
}

export interface SankeyStyle {
  label: (id: string) => string;
  color: (id: string) => string;
  format: (v: number) => string;
  empty: string;
}

/** Draw one Sankey per graph, side by side (`row`) or one under the other (`column`, for wide graphs). */
export function drawSankeys(card: Card, graphs: FlowGraph[], style: SankeyStyle, stack: 'row' | 'column' = 'row', panelHeight = card.height): void {
  const root = d3.select(card.svg);
  const gap = 24;
  const column = stack === 'column' && graphs.length > 1;
  if (column) card.resize(panelHeight * graphs.length + gap * (graphs.length - 1));
  else if (card.height !== panelHeight) card.resize(panelHeight);
  const w = column ? card.width : (card.width - gap * (graphs.length - 1)) / graphs.length;
  // Same scale for all panels: px per unit of the biggest total.
  const totals = graphs.map((gr) => {
    const ls = acyclic(gr.links);
    const targets = new Set(ls.map((l) => l.target));
    return d3.sum(ls.filter((l) => !targets.has(l.source)), (l) => l.value);
  });
  const maxTotal = d3.max(totals) || 1;
  const panels = root.selectAll<SVGGElement, FlowGraph>('g.sankey').data(graphs).join('g').attr('class', 'sankey')
    .attr('transform', (_, i) => (column ? `translate(0,${i * (panelHeight + gap)})` : `translate(${i * (w + gap)},0)`));
  panels.each(function (gr, i) {
    const g = d3.select(this);
    const top = gr.title ? 22 : 6;
    g.selectAll<SVGTextElement, string>('text.panel-title').data(gr.title ? [gr.title] : []).join('text').attr('class', 'panel-title')
      .attr('x', 4).attr('y', 14).attr('font-weight', 600).attr('font-size', 13).text((d) => d);
    const links = acyclic(gr.links);
    const ids = [...new Set(links.flatMap((l) => [l.source, l.target]))];
    const h = panelHeight - top - 6;
    if (!links.length) {
      g.selectAll('g.nodes, g.links').remove();
      g.selectAll<SVGTextElement, string>('text.empty').data([style.empty]).join('text').attr('class', 'empty')
        .attr('x', w / 2).attr('y', top + h / 2).attr('text-anchor', 'middle').attr('fill', '#888').text((d) => d);
      return;
    }
    g.selectAll('text.empty').remove();
    const labelRoom = Math.min(200, w * 0.3);
    const pad = 10 * ids.length;
    const height = Math.min(h, pad + Math.max(30, (h - pad) * (totals[i] / maxTotal)));
    const layout = sankey<N, L>().nodeId((n) => n.id).nodeWidth(12).nodePadding(10)
      .extent([[4, top], [w - labelRoom, top + height]]);
    let graph: SankeyGraph<N, L>;
    try {
      graph = layout({ nodes: ids.map((id) => ({ id })), links: links.map((l) => ({ ...l })) });
    } catch {
      return;
    }
    type GN = (typeof graph.nodes)[number];
    type GL = (typeof graph.links)[number];
    const linkG = g.selectAll<SVGGElement, null>('g.links').data([null]).join('g').attr('class', 'links').attr('fill', 'none');
    linkG.selectAll<SVGPathElement, GL>('path').data(graph.links, (l) => `${(l.source as GN).id}>${(l.target as GN).id}`).join('path')
      .attr('d', sankeyLinkHorizontal())
      .attr('stroke', (l) => style.color((l.source as GN).id)).attr('stroke-opacity', 0.35)
      .attr('stroke-width', (l) => Math.max(1, l.width ?? 1))
      .on('mousemove', (ev: MouseEvent, l) => showTooltip(card, ev,
        `<div>${escapeHtml(style.label((l.source as GN).id))} → ${escapeHtml(style.label((l.target as GN).id))}</div><b>${escapeHtml(style.format(l.value))}</b>`))
      .on('mouseleave', () => hideTooltip(card));
    const nodeG = g.selectAll<SVGGElement, null>('g.nodes').data([null]).join('g').attr('class', 'nodes');
    const nodes = nodeG.selectAll<SVGGElement, GN>('g.node').data(graph.nodes, (n) => n.id).join((enter) => {
      const e = enter.append('g').attr('class', 'node');
      e.append('rect');
      const tx = e.append('text').attr('font-size', 12);
      tx.append('tspan').attr('class', 'name');
      tx.append('tspan').attr('class', 'value');
      return e;
    });
    nodes.select('rect').attr('x', (n) => n.x0!).attr('y', (n) => n.y0!).attr('width', (n) => n.x1! - n.x0!)
      .attr('height', (n) => Math.max(1, n.y1! - n.y0!)).attr('fill', (n) => style.color(n.id)).attr('stroke', GREY).attr('stroke-width', 0.5);
    nodes.select('text').attr('x', (n) => n.x1! + 5).attr('y', (n) => (n.y0! + n.y1!) / 2)
      .attr('text-anchor', 'start')
      .attr('paint-order', 'stroke').attr('stroke', '#fff').attr('stroke-width', 3).attr('stroke-linejoin', 'round');
    // Last column: one line (room on the right); elsewhere name over value, to keep labels narrow.
    const oneLine = (n: GN) => n.x1! >= w - labelRoom - 1 || n.y1! - n.y0! < 4;
    nodes.select('tspan.name').attr('dy', (n) => (oneLine(n) ? '0.35em' : '-0.2em')).text((n) => style.label(n.id));
    nodes.select('tspan.value').attr('x', (n) => (oneLine(n) ? null : n.x1! + 5)).attr('dy', (n) => (oneLine(n) ? null : '1.15em'))
      .text((n) => `${oneLine(n) ? ' ' : ''}${style.format(n.value ?? 0)}`);
    // Labels that would overprint one another (a five-column money flow on a phone) are left out,
    // the larger flows first; every node keeps its name and value as a tooltip (<title>).
    // Boxes measured from the drawn text as laid out on the page (one layout per drawing of the chart).
    const measured = new Map<string, DOMRect>();
    nodes.select<SVGTextElement>('text').attr('display', null).each(function (n) { measured.set(n.id, this.getBoundingClientRect()); });
    const placed: DOMRect[] = [];
    const hidden = new Set<string>();
    for (const n of [...graph.nodes].sort((a, b) => (b.value ?? 0) - (a.value ?? 0))) {
      const box = measured.get(n.id);
      if (!box || box.width === 0) continue;
      // A small gap on every side: the card may be scaled by a pixel or two until its next fit.
      if (placed.some((b) => box.x < b.x + b.width + 3 && b.x < box.x + box.width + 3 && box.y < b.y + b.height + 2 && b.y < box.y + box.height + 2)) hidden.add(n.id);
      else placed.push(box);
    }
    nodes.select('text').attr('display', (n) => (hidden.has(n.id) ? 'none' : null));
    // Right to left in the document: a label, which runs to the right of its node, is painted over
    // the bars of the columns it crosses, not under them.
    nodes.sort((a, b) => (b.x0 ?? 0) - (a.x0 ?? 0));
    nodes.selectAll<SVGTitleElement, GN>('title').data((n) => [n]).join('title').text((n) => `${style.label(n.id)}: ${style.format(n.value ?? 0)}`);
  });
}
