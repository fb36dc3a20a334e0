// A chart card: a figure with a title, optional controls, export buttons (SVG, PNG) and an SVG
// drawn at a fixed viewBox that scales with the card's width.
import { exportPng, exportSvg } from '../export.ts';
import { t } from '../i18n.ts';

export interface Card {
  root: HTMLElement;
  svg: SVGSVGElement;
  controls: HTMLElement;
  note: HTMLElement;
  tooltip: HTMLElement;
  width: number;
  height: number;
  resize(height: number, width?: number): void;
  /** Match the viewBox to the card's pixel width (text stays at its real size); true when it changed. */
  fit(): boolean;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

export function chartCard(parent: HTMLElement, id: string, title: string, width: number, height: number, wide = false): Card {
  const root = el('figure', { class: `card${wide ? ' wide' : ''}`, id: `chart-${id}`, 'data-chart': id });
  const head = el('div', { class: 'card-head' });
  const h = el('h3', { id: `chart-${id}-title` }, title);
  const controls = el('div', { class: 'card-controls' });
  const exp = el('div', { class: 'card-export', role: 'group', 'aria-label': `${t('export')}: ${title}` });
  const svgBtn = el('button', { type: 'button', 'data-export': 'svg', 'aria-label': `${title} → SVG` }, t('exportSvg'));
  const pngBtn = el('button', { type: 'button', 'data-export': 'png', 'aria-label': `${title} → PNG` }, t('exportPng'));
  exp.append(svgBtn, pngBtn);
  head.append(h, controls, exp);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `chart-${id}-title`);
  svg.setAttribute('font-family', 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif');
  const box = el('div', { class: 'card-svg' });
  const tooltip = el('div', { class: 'tooltip', role: 'status', hidden: '' });
  box.append(svg, tooltip);
  const note = el('figcaption', { class: 'card-note' });
  root.append(head, box, note);
  parent.append(root);
  const card: Card = {
    root, svg, controls, note, tooltip, width, height,
    resize(hh: number, ww = card.width) {
      card.height = hh;
      card.width = ww;
      svg.setAttribute('viewBox', `0 0 ${ww} ${hh}`);
    },
    fit() {
      const w = Math.round(box.clientWidth);
      if (w < 200 || Math.abs(w - card.width) <= 1) return false;
      svg.replaceChildren();
      card.resize(card.height, w);
      return true;
    },
  };
  card.resize(height, width);
  svgBtn.addEventListener('click', () => exportSvg(svg, `govsim-${id}`, h.textContent ?? title));
  pngBtn.addEventListener('click', () => void exportPng(svg, `govsim-${id}`, h.textContent ?? title));
  return card;
}

/** Place a tooltip near the pointer, inside the card. */
export function showTooltip(card: Card, ev: MouseEvent, html: string): void {
  const tip = card.tooltip;
  tip.innerHTML = html;
  tip.hidden = false;
  const box = (tip.parentElement as HTMLElement).getBoundingClientRect();
  let x = ev.clientX - box.left + 14;
  let y = ev.clientY - box.top + 14;
  const w = tip.offsetWidth;
  const hh = tip.offsetHeight;
  if (x + w > box.width) x = Math.max(0, ev.clientX - box.left - w - 14);
  if (y + hh > box.height) y = Math.max(0, ev.clientY - box.top - hh - 14);
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}

export function hideTooltip(card: Card): void {
  card.tooltip.hidden = true;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}
