// The scenario panel: preset, the patches (reforms, shocks) ticked to lay over it, seed and
// horizon, and one control per lever generated from the engine's catalogue (grouped; model
// parameters folded under "advanced"). A lever that differs from preset + patches is highlighted
// and gets a reset button; a lever a ticked patch sets says so. Patches that set one lever
// differently are shown as a conflict (the page refuses to run until one is unticked).
import { el } from './charts/card.ts';
import { conflictText, displayValue, withUnit } from './describe.ts';
import { bi, fmtInt, t } from './i18n.ts';
import type { Catalogue, Lever, LeverValues, PatchConflict, PatchInfo } from './protocol.ts';
import { leverText, orderPatches, parseLever } from './share.ts';

export interface PanelState {
  preset: string;
  /** Patches laid over the preset, in the registry's order. */
  patches: string[];
  /** Levers changed from preset + patches. */
  levers: LeverValues;
  seed: number;
  days: number;
}

export interface PanelHooks {
  /** Something that defines the run changed. */
  onChange(): void;
  /** A value is being typed (not yet committed): Play must already be clickable. */
  onEdit?(editing: boolean): void;
}

export interface Panel {
  /** Re-read the state into the controls. */
  sync(): void;
  /** Show (or clear, with []) the levers the ticked patches set differently. */
  showConflicts(conflicts: PatchConflict[]): void;
}

/** The last ticked patch that sets a lever, if any. */
function patchFor(cat: Catalogue, s: PanelState, id: string): PatchInfo | undefined {
  let found: PatchInfo | undefined;
  for (const p of cat.patches) if (s.patches.includes(p.id) && id in p.levers) found = p;
  return found;
}

/** Lever values of preset + ticked patches (what "changed" is measured against). */
export function baseLevers(cat: Catalogue, s: Pick<PanelState, 'preset' | 'patches'>): LeverValues {
  const out: LeverValues = { ...cat.presetLevers[s.preset] };
  for (const p of cat.patches) if (s.patches.includes(p.id)) Object.assign(out, p.levers);
  return out;
}

/** Drop changed levers that equal preset + patches (after the preset or the patches changed). */
export function pruneLevers(cat: Catalogue, s: Pick<PanelState, 'preset' | 'patches' | 'levers'>): void {
  const base = baseLevers(cat, s);
  for (const [id, v] of Object.entries(s.levers)) if (base[id] === v) delete s.levers[id];
}

function baseValue(cat: Catalogue, s: PanelState, id: string) {
  const p = patchFor(cat, s, id);
  return p ? p.levers[id] : cat.presetLevers[s.preset]?.[id];
}

function rangeText(cat: Catalogue, s: PanelState, l: Lever): string {
  const patch = patchFor(cat, s, l.id);
  const v = displayValue(l, baseValue(cat, s, l.id));
  const p = patch ? `${t('setByPatch', { name: bi(patch) })} ${v}` : `${t('presetValue')} ${v}`;
  switch (l.kind) {
    case 'number':
    case 'integer':
    case 'date':
      return `${t('range')} ${l.min} – ${l.max} · ${p}`;
    default:
      return p;
  }
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
  const current = () => (l.id in s.levers ? s.levers[l.id] : baseValue(cat, s, l.id));
  let setShown: (v: unknown) => void;
  let input: HTMLInputElement | HTMLSelectElement;

  const commit = (text: string) => {
    hooks.onEdit?.(false);
    const r = parseLever(l, text);
    if ('error' in r) {
      error.textContent = l.kind === 'number' || l.kind === 'integer'
        ? t(l.kind === 'integer' ? 'errInteger' : 'errNumber', { min: String(l.min), max: String(l.max) })
        : l.kind === 'date' ? t('errDate', { min: l.min, max: l.max }) : t('errChoice');
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    if (r.value === baseValue(cat, s, l.id)) delete s.levers[l.id];
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
      // Typing marks an edit under way, so a click on Play right after it is never lost on a
      // button a finished run disabled (the blur that commits the value can come after mouseup).
      num.addEventListener('input', () => hooks.onEdit?.(true));
      num.addEventListener('blur', () => hooks.onEdit?.(false));
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
  const tag = el('span', { class: 'patch-tag', hidden: '' }, t('patched'));
  function refresh() {
    const changed = l.id in s.levers;
    row.classList.toggle('changed', changed);
    const patched = !!patchFor(cat, s, l.id);
    row.classList.toggle('patched', patched);
    tag.hidden = !patched;
    reset.hidden = !changed;
    setShown(current());
    range.textContent = rangeText(cat, s, l);
  }
  (row as HTMLElement & { refresh?: () => void }).refresh = refresh;
  const head = el('div', { class: 'lever-head' });
  label.append(tag);
  head.append(label, reset);
  row.append(head, box, meaning, range, error);
  refresh();
  return row;
}

/** The patches: a checkbox each with its name, description and the levers it sets; conflicts below. */
function patchBox(cat: Catalogue, s: PanelState, onToggle: () => void) {
  // Folded like the lever groups, unless patches are ticked (from a link, say).
  const det = el('details', { class: 'group patches', id: 'patches' });
  det.open = s.patches.length > 0;
  const sum = el('summary', {}, t('patches'));
  const badge = el('span', { class: 'badge' });
  sum.append(badge);
  const list = el('div', { role: 'group', 'aria-label': t('patches') });
  // Conflicts go above the list, where they are seen without scrolling through it.
  const conflicts = el('div', { class: 'conflicts', id: 'patch-conflicts', role: 'alert', hidden: '' });
  det.append(sum, el('p', { class: 'meaning note' }, t('patchesNote')), conflicts, list);
  const boxes = new Map<string, HTMLInputElement>();
  const rows = new Map<string, HTMLElement>();
  for (const p of cat.patches) {
    const id = `pt-${p.id}`;
    const row = el('div', { class: 'patch', 'data-patch': p.id });
    const cb = el('input', { type: 'checkbox', id, 'aria-describedby': `${id}-desc` });
    cb.addEventListener('change', () => {
      const ticked = cat.patches.filter((x) => boxes.get(x.id)!.checked).map((x) => x.id);
      s.patches = orderPatches(ticked, cat.patches.map((x) => x.id));
      onToggle();
    });
    boxes.set(p.id, cb);
    rows.set(p.id, row);
    const head = el('div', { class: 'patch-head' });
    head.append(cb, el('label', { for: id }, bi(p)));
    const desc = el('p', { class: 'meaning', id: `${id}-desc` }, bi(p.description));
    const sets = el('details', { class: 'patch-levers' });
    sets.append(el('summary', {}, t('patchLevers', { n: Object.keys(p.levers).length })));
    const ul = el('ul');
    for (const [lid, v] of Object.entries(p.levers)) {
      const l = cat.levers.find((x) => x.id === lid);
      ul.append(el('li', {}, `${bi(l?.label) || lid}: ${withUnit(l, v)}`));
    }
    sets.append(ul);
    row.append(head, desc, sets);
    list.append(row);
  }
  return {
    root: det,
    sync() {
      for (const [id, cb] of boxes) {
        cb.checked = s.patches.includes(id);
        rows.get(id)!.classList.toggle('ticked', cb.checked);
      }
      badge.textContent = ` · ${s.patches.length ? t('patchesTicked', { n: s.patches.length }) : t('patchesAvailable', { n: cat.patches.length })}`;
      det.classList.toggle('has-changes', s.patches.length > 0);
    },
    showConflicts(cs: PatchConflict[]) {
      const involved = new Set(cs.flatMap((c) => c.patches.map((p) => p.id)));
      for (const [id, row] of rows) row.classList.toggle('conflict', involved.has(id));
      conflicts.hidden = cs.length === 0;
      if (!cs.length) {
        conflicts.replaceChildren();
        return;
      }
      det.open = true;
      const ul = el('ul');
      for (const c of cs) ul.append(el('li', { 'data-lever': c.lever }, conflictText(c, cat)));
      conflicts.replaceChildren(el('strong', {}, t('conflictTitle')), ul);
    },
  };
}

/** Build the panel into `root`. */
export function buildPanel(root: HTMLElement, cat: Catalogue, s: PanelState, hooks: PanelHooks): Panel {
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
  const patches = patchBox(cat, s, () => {
    pruneLevers(cat, s);
    sync();
    hooks.onChange();
  });
  root.append(patches.root);
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
    patches.sync();
    for (const r of rows) r.refresh?.();
    updateCounts();
  }
  sync();
  return { sync, showConflicts: patches.showConflicts };
}
