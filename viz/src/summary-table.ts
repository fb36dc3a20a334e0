// The run summary under the charts once a run is finished: the engine's summary metrics, and in
// compare mode the baseline, the edited run and their difference side by side.
import { app, baseRun } from './app.ts';
import { el } from './charts/card.ts';
import { fmtDeltaUnit, fmtWithUnit, getLang, infoLabel, t } from './i18n.ts';

export function drawSummary(): void {
  const box = document.getElementById('summary');
  const r = app.session.main;
  if (!box || !r) return;
  const b = baseRun();
  if (!r.done || !r.summary || (b && !b.summary)) {
    if (box.childElementCount) box.replaceChildren();
    return;
  }
  if (box.dataset.digest === `${r.manifest?.digest}|${b?.manifest?.digest}|${getLang()}`) return;
  box.dataset.digest = `${r.manifest?.digest}|${b?.manifest?.digest}|${getLang()}`;
  const table = el('table', {});
  const head = el('tr');
  const cols = b ? [t('metricCol'), t('baseline'), t('edited'), t('difference')] : [t('metricCol'), t('value')];
  cols.forEach((c) => head.append(el('th', { scope: 'col' }, c)));
  table.append(el('thead'));
  table.tHead!.append(head);
  const body = el('tbody');
  for (const m of app.cat.metrics) {
    if (!(m.name in r.summary)) continue;
    const row = el('tr', { 'data-metric': m.name });
    row.append(el('th', { scope: 'row' }, infoLabel(m)));
    const v = r.summary[m.name];
    if (b) {
      const bv = b.summary![m.name];
      row.append(el('td', { class: 'num' }, fmtWithUnit(bv, m.unit)), el('td', { class: 'num' }, fmtWithUnit(v, m.unit)), el('td', { class: 'num' }, fmtDeltaUnit(v - bv, m.unit)));
    } else row.append(el('td', { class: 'num' }, fmtWithUnit(v, m.unit)));
    body.append(row);
  }
  table.append(body);
  box.replaceChildren(el('h2', { id: 'summary-title' }, t('summary')), el('p', { class: 'muted' }, t('summaryNote')), table);
}
