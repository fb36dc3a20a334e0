// The map card and its drill-down: the metric to colour by, the street and grid lists, the
// baseline/difference switch of compare mode, and a grid's queue of open cases (the engine's
// gridQueue). Grid cells work from the keyboard too (see charts/map.ts).
import { app, baseRun, updateUrl, type AppState } from './app.ts';
import { chartCard, el, type Card } from './charts/card.ts';
import { communityIndex, communityName, drawMap, gridName } from './charts/map.ts';
import { hooks } from './hooks.ts';
import { bi, fmtInt, fmtValue, getLang, t, tk } from './i18n.ts';

export const MAP_METRICS: { id: string; unit: string }[] = [
  { id: 'open', unit: 'per 1,000 residents' },
  { id: 'hidden', unit: 'per 1,000 residents' },
  { id: 'queue', unit: 'cases' },
  { id: 'load', unit: 'days of work' },
  { id: 'workers', unit: 'workers' },
  { id: 'vacant', unit: 'posts' },
  { id: 'trust', unit: '0–1' },
  { id: 'resTime', unit: 'days' },
  { id: 'satisfaction', unit: 'share' },
  { id: 'oldShare', unit: 'share' },
  { id: 'elderly', unit: 'share' },
];

export function buildMapCard(parent: HTMLElement): Card {
  const { state, ui } = app;
  const card = chartCard(parent, 'map', t('chartMap'), 900, 400, true);
  // The cells inside are buttons: the SVG is a group, not one image.
  card.svg.setAttribute('role', 'group');
  card.note.textContent = t('mapKeys');
  const metric = el('select', { id: 'map-metric', 'aria-label': t('metric') });
  for (const m of MAP_METRICS) metric.append(el('option', { value: m.id }, tk(`map_${m.id}`)));
  metric.value = state.mapMetric;
  metric.addEventListener('change', () => { state.mapMetric = metric.value; ui.drawnGrid = undefined; updateUrl(); hooks.draw(true); });
  const street = el('select', { id: 'map-street', 'aria-label': t('street') });
  street.addEventListener('change', () => focusStreet(street.value === '' ? null : Number(street.value)));
  const grid = el('select', { id: 'map-grid', 'aria-label': t('chooseGrid') });
  grid.addEventListener('change', () => {
    if (grid.value !== '') selectGrid(Number(grid.value));
  });
  card.controls.append(metric, street, grid);
  if (state.mode === 'compare') {
    const show = el('select', { id: 'map-show', 'aria-label': t('mode') });
    for (const [v, label] of [['main', t('edited')], ['base', t('baseline')], ['diff', t('difference')]] as const) show.append(el('option', { value: v }, label));
    show.value = state.mapShow;
    show.addEventListener('change', () => { state.mapShow = show.value as AppState['mapShow']; ui.drawnGrid = undefined; hooks.draw(true); });
    card.controls.append(show);
  }
  const queue = el('div', { id: 'grid-queue', class: 'grid-queue', 'aria-live': 'polite' });
  card.root.append(queue);
  return card;
}

function focusStreet(s: number | null): void {
  app.state.mapFocus = s;
  app.state.selectedGrid = undefined;
  updateUrl();
  app.ui.drawnGrid = undefined;
  document.getElementById('grid-queue')?.replaceChildren();
  hooks.draw(true);
}

function selectGrid(g: number): void {
  const r = app.session.main;
  if (!r) return;
  app.state.selectedGrid = g;
  app.state.mapFocus = r.layout.communityStreet[r.layout.gridCommunity[g]];
  app.ui.drawnGrid = undefined;
  updateUrl();
  hooks.draw(true);
  void refreshQueue();
}

let queueBusy = false;
async function refreshQueue(): Promise<void> {
  const { session, state, cat, ui } = app;
  const box = document.getElementById('grid-queue');
  const r = session.main;
  if (!box || !r || state.selectedGrid === undefined || queueBusy) return;
  queueBusy = true;
  try {
    const g = state.selectedGrid;
    const rows = await session.gridQueue(g);
    if (g !== state.selectedGrid) return;
    const subs = new Map(cat.subItems.map((s) => [s.id, s]));
    const levels = new Map(cat.levels.map((l) => [l.id, l]));
    const title = el('h4', {}, t('gridQueue', { grid: `${gridName(g)} (${communityName(r.layout, r.layout.gridCommunity[g])})` }));
    const close = el('button', { type: 'button', class: 'close' }, t('close'));
    close.addEventListener('click', () => { state.selectedGrid = undefined; box.replaceChildren(); ui.drawnGrid = undefined; hooks.draw(true); });
    const head = el('div', { class: 'queue-head' });
    head.append(title, close);
    if (!rows.length) {
      box.replaceChildren(head, el('p', { class: 'muted' }, t('queueEmpty')));
      return;
    }
    const table = el('table', {});
    const tr = el('tr');
    for (const h of [t('subItem'), t('stage'), t('level'), t('age'), t('whistle')]) tr.append(el('th', { scope: 'col' }, h));
    table.append(el('thead'));
    table.tHead!.append(tr);
    const body = el('tbody');
    for (const q of rows) {
      const row = el('tr');
      row.append(
        el('td', {}, bi(subs.get(q.subItem)) || q.subItem),
        el('td', {}, tk(`st_${q.stage}`)),
        el('td', {}, q.level ? bi(levels.get(q.level)) : '–'),
        el('td', { class: 'num' }, fmtValue(q.ageDays, 'days')),
        el('td', {}, q.whistle ? '✓' : ''),
      );
      body.append(row);
    }
    table.append(body);
    box.replaceChildren(head, table);
  } finally {
    queueBusy = false;
  }
}

/** The map needs drawing again (new grid figures, another metric, zoom or selection). */
export function gridChanged(): boolean {
  const { session, state, ui } = app;
  const sig = [session.main!.grid, baseRun()?.grid, state.mapMetric, state.mapFocus, state.mapShow, state.selectedGrid, getLang()];
  if (ui.drawnGrid !== undefined && !(ui.drawnGrid as unknown[]).some((x, i) => x !== sig[i])) return false;
  ui.drawnGrid = sig;
  return true;
}

export function drawMapPart(): void {
  drawMapNow();
  if (app.state.selectedGrid !== undefined && !app.session.playing) void refreshQueue();
}

function drawMapNow(): void {
  const { session, state, ui } = app;
  const r = session.main!;
  const b = baseRun();
  const m = MAP_METRICS.find((x) => x.id === state.mapMetric) ?? MAP_METRICS[0];
  let values = r.grid?.[m.id];
  let diverging = false;
  if (b && state.mapShow === 'base') values = b.grid?.[m.id];
  if (b && state.mapShow === 'diff') {
    const a = r.grid?.[m.id];
    const c = b.grid?.[m.id];
    values = a && c ? a.map((x, i) => x - c[i]) : undefined;
    diverging = true;
  }
  const label = `${tk(`map_${m.id}`)}${b && state.mapShow === 'diff' ? ` · ${t('difference')}` : b && state.mapShow === 'base' ? ` · ${t('baseline')}` : ''}`;
  const layout = r.layout;
  const streetSel = document.getElementById('map-street') as HTMLSelectElement;
  if (streetSel.options.length !== layout.streets.length + 1) {
    streetSel.replaceChildren(el('option', { value: '' }, t('allStreets')));
    layout.streets.forEach((s, i) => streetSel.append(el('option', { value: String(i) }, bi(s))));
  }
  streetSel.value = state.mapFocus === null ? '' : String(state.mapFocus);
  const gridSel = document.getElementById('map-grid') as HTMLSelectElement;
  const wanted = state.mapFocus === null ? [] : Array.from(layout.gridCommunity.keys()).filter((g) => layout.communityStreet[layout.gridCommunity[g]] === state.mapFocus);
  if (gridSel.dataset.focus !== String(state.mapFocus)) {
    gridSel.dataset.focus = String(state.mapFocus);
    gridSel.replaceChildren(el('option', { value: '' }, t('chooseGrid')));
    const idx = communityIndex(layout);
    for (const g of wanted) gridSel.append(el('option', { value: String(g) }, `${gridName(g)} · ${t('community')} ${fmtInt(idx[layout.gridCommunity[g]] + 1)}`));
    gridSel.disabled = wanted.length === 0;
  }
  gridSel.value = state.selectedGrid === undefined ? '' : String(state.selectedGrid);
  drawMap(ui.cards.map, {
    layout, values, unit: m.unit, metricLabel: label, focus: state.mapFocus, diverging, selectedGrid: state.selectedGrid,
    onStreet: (s) => focusStreet(s),
    onGrid: (g) => selectGrid(g),
  });
}
