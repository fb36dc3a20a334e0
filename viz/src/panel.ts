// The scenario panel: preset, seed and horizon, and one control per lever generated from the
// engine's catalogue (grouped; model parameters folded under "advanced"). A lever that differs
// from the preset is highlighted and gets a reset button.
import { el } from './charts/card.ts';
import { bi, fmtInt, t } from './i18n.ts';
import type { Catalogue, Lever, LeverValues } from './protocol.ts';
import { leverText, parseLever } from './share.ts';

export interface PanelState {
  preset: string;
  /** Levers changed from the preset. */
  levers: LeverValues;
  seed: number;
  days: number;
}

export interface PanelHooks {
  /** Something that defines the run changed. */
  onChange(): void;
}

function presetValue(cat: Catalogue, s: PanelState, id: string) {
  return cat.presetLevers[s.preset]?.[id];
}

function rangeText(l: Lever, preset: unknown): string {
  const p = `${t('presetValue')} ${displayValue(l, preset)}`;
  switch (l.kind) {
    case 'number':
    case 'integer':
      return `${t('range')} ${l.min} – ${l.max} · ${p}`;
    case 'date':
      return `${t('range')} ${l.min} – ${l.max} · ${p}`;
    default:
      return p;
  }
}

function displayValue(l: Lever, v: unknown): string {
  if (l.kind === 'boolean') return v ? t('on') : t('off');
  if (l.kind === 'choice') return bi(l.choices.find((c) => c.value === v)?.label) || String(v);
  return String(v);
}

function leverRow(cat: Catalogue, s: PanelState, l: Lever, hooks: PanelHooks): HTMLElement {
  const id = `lv-${l.id}`;
  const row = el('div', { class: 'lever', 'data-lever': l.id });
  const unit = bi(l.unit);
  const label = el('label', { for: id, class: 'lever-label' }, bi(l.label));
  if (unit) label.append(el('span', { class: 'unit' }, ` (${unit})`));
  const meaning = el('p', { class: 'meaning', id: `${id}-desc` }, bi(l.meaning));
  const range = el('p', { class: 'range', id: `${id}-range` });
  const error = el('p', { class: 'error', role: 'alert', hidden: '' });
  const reset = el('button', { type: 'button', class: 'reset', 'aria-label': `${t('reset')}: ${bi(l.label)}` }, t('reset'));
  const describedBy = `${id}-desc ${id}-range`;
  const box = el('div', { class: 'lever-input' });
  const current = () => (l.id in s.levers ? s.levers[l.id] : presetValue(cat, s, l.id));
  let setShown: (v: unknown) => void;
  let input: HTMLInputElement | HTMLSelectElement;

  const commit = (text: string) => {
    const r = parseLever(l, text);
    if ('error' in r) {
      error.textContent = l.kind === 'number' || l.kind === 'integer'
        ? t(l.kind === 'integer' ? 'errInteger' : 'errNumber', { min: String(l.min), max: String(l.max) })
        : l.kind === 'date' ? t('errDate', { min: l.min, max: l.max }) : t('errChoice');
      error.title = r.error;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    if (r.value === presetValue(cat, s, l.id)) delete s.levers[l.id];
    else s.levers[l.id] = r.value;
    refresh();
    hooks.onChange();
  };

  switch (l.kind) {
    case 'number':
    case 'integer': {
      const slider = el('input', { type: 'range', min: String(l.min), max: String(l.max), step: String(l.step), 'aria-label': bi(l.label), 'aria-describedby': describedBy, tabindex: '-1' });
      const num = el('input', { type: 'number', id, min: String(l.min), max: String(l.max), step: 'any', 'aria-describedby': describedBy, inputmode: 'decimal' });
      slider.addEventListener('input', () => { num.value = slider.value; });
      slider.addEventListener('change', () => commit(slider.value));
      num.addEventListener('change', () => commit(num.value));
      box.append(slider, num);
      input = num;
      setShown = (v) => {
        num.value = leverText(v);
        slider.value = leverText(v);
      };
      break;
    }
    case 'boolean': {
      const cb = el('input', { type: 'checkbox', id, 'aria-describedby': describedBy });
      cb.addEventListener('change', () => commit(cb.checked ? 'true' : 'false'));
      box.append(cb, el('span', { class: 'cb-text', 'aria-hidden': 'true' }));
      input = cb;
      setShown = (v) => {
        cb.checked = v === true;
        (box.querySelector('.cb-text') as HTMLElement).textContent = v ? t('on') : t('off');
      };
      break;
    }
    case 'choice': {
      const sel = el('select', { id, 'aria-describedby': describedBy });
      for (const c of l.choices) sel.append(el('option', { value: c.value }, bi(c.label)));
      sel.addEventListener('change', () => commit(sel.value));
      box.append(sel);
      input = sel;
      setShown = (v) => { sel.value = String(v); };
      break;
    }
    case 'date': {
      const d = el('input', { type: 'date', id, min: l.min, max: l.max, 'aria-describedby': describedBy });
      d.addEventListener('change', () => commit(d.value));
      box.append(d);
      input = d;
      setShown = (v) => { d.value = String(v); };
      break;
    }
  }
  reset.addEventListener('click', () => {
    delete s.levers[l.id];
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    refresh();
    hooks.onChange();
    input.focus();
  });
  function refresh() {
    const changed = l.id in s.levers;
    row.classList.toggle('changed', changed);
    reset.hidden = !changed;
    setShown(current());
    range.textContent = rangeText(l, presetValue(cat, s, l.id));
  }
  (row as HTMLElement & { refresh?: () => void }).refresh = refresh;
  const head = el('div', { class: 'lever-head' });
  head.append(label, reset);
  row.append(head, box, meaning, range, error);
  refresh();
  return row;
}

/** Build the panel into `root`; returns a function that re-reads the state into the controls. */
export function buildPanel(root: HTMLElement, cat: Catalogue, s: PanelState, hooks: PanelHooks): () => void {
  root.replaceChildren();
  root.append(el('h2', { id: 'panel-title' }, t('scenario')));
  const basics = el('div', { class: 'basics' });
  const presetSel = el('select', { id: 'preset' });
  for (const p of cat.presets.filter((x) => x.kind === 'scenario')) presetSel.append(el('option', { value: p.id }, bi(p.name)));
  const desc = el('p', { class: 'meaning', id: 'preset-desc' });
  presetSel.setAttribute('aria-describedby', 'preset-desc');
  const seed = el('input', { type: 'number', id: 'seed', min: '0', max: '4294967295', step: '1' });
  const days = el('input', { type: 'number', id: 'days', min: '1', max: String(cat.maxDays), step: '1' });
  const field = (forId: string, label: string, input: HTMLElement) => {
    const f = el('div', { class: 'field' });
    f.append(el('label', { for: forId }, label), input);
    return f;
  };
  basics.append(field('preset', t('preset'), presetSel), desc, field('seed', t('seed'), seed), field('days', t('horizon'), days));
  root.append(basics);
  presetSel.addEventListener('change', () => {
    s.preset = presetSel.value;
    s.levers = {};
    sync();
    hooks.onChange();
  });
  const intField = (input: HTMLInputElement, key: 'seed' | 'days', min: number, max: number) => input.addEventListener('change', () => {
    const x = Number(input.value);
    if (input.value.trim() !== '' && Number.isInteger(x) && x >= min && x <= max) {
      s[key] = x;
      input.removeAttribute('aria-invalid');
      hooks.onChange();
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.value = String(s[key]);
    }
  });
  intField(seed, 'seed', 0, 0xffffffff);
  intField(days, 'days', 1, cat.maxDays);

  const changedBar = el('div', { class: 'changed-bar' });
  const changedText = el('span', { id: 'changed-count', 'aria-live': 'polite' });
  const resetAll = el('button', { type: 'button', id: 'reset-all' }, t('resetAll'));
  resetAll.addEventListener('click', () => {
    s.levers = {};
    sync();
    hooks.onChange();
  });
  changedBar.append(changedText, resetAll);
  root.append(el('h2', {}, t('levers')), changedBar);

  const rows: (HTMLElement & { refresh?: () => void })[] = [];
  const groupBox = (levers: Lever[], label: string, open: boolean, cls = 'group') => {
    const det = el('details', { class: cls });
    if (open) det.open = true;
    const sum = el('summary', {}, label);
    const badge = el('span', { class: 'badge' });
    sum.append(badge);
    det.append(sum);
    for (const l of levers) {
      const r = leverRow(cat, s, l, { onChange: () => { updateCounts(); hooks.onChange(); } });
      rows.push(r);
      det.append(r);
    }
    (det as HTMLElement & { ids?: string[] }).ids = levers.map((l) => l.id);
    return det;
  };
  const groups: (HTMLElement & { ids?: string[] })[] = [];
  cat.groups.forEach((g, i) => {
    const ls = cat.levers.filter((l) => l.group === g.id && !l.advanced);
    if (ls.length) {
      const box = groupBox(ls, bi(g), i === 1);
      groups.push(box);
      root.append(box);
    }
  });
  const adv = el('details', { class: 'advanced' });
  adv.append(el('summary', {}, t('advanced')));
  for (const g of cat.groups) {
    const ls = cat.levers.filter((l) => l.group === g.id && l.advanced);
    if (ls.length) {
      const box = groupBox(ls, bi(g), false);
      groups.push(box);
      adv.append(box);
    }
  }
  root.append(adv);
  // Levers the catalogue does not group (a new group the page has no name for) still get controls.
  const known = new Set(cat.groups.map((g) => g.id));
  const orphans = cat.levers.filter((l) => !known.has(l.group));
  if (orphans.length) {
    const box = groupBox(orphans, '…', false);
    groups.push(box);
    root.append(box);
  }

  function updateCounts() {
    const n = Object.keys(s.levers).length;
    changedText.textContent = `${fmtInt(n)} ${t('changedCount')}`;
    resetAll.disabled = n === 0;
    for (const g of groups) {
      const k = (g.ids ?? []).filter((id) => id in s.levers).length;
      const badge = g.querySelector(':scope > summary .badge') as HTMLElement;
      badge.textContent = k ? ` · ${fmtInt(k)} ${t('changed')}` : '';
      g.classList.toggle('has-changes', k > 0);
    }
  }
  function sync() {
    presetSel.value = s.preset;
    const p = cat.presets.find((x) => x.id === s.preset);
    desc.textContent = bi(p?.description);
    seed.value = String(s.seed);
    days.value = String(s.days);
    for (const r of rows) r.refresh?.();
    updateCounts();
  }
  sync();
  return sync;
}
