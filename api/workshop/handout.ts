// The debrief handout: one self-contained HTML page (print it or save it) with each group's
// outcomes round by round, the time charts with decisions marked, and every decision listed
// by round and role. Made from a session export, so it can be rebuilt from the file alone.
import { getLever } from '../../sim/index.ts';
import type { SessionExport } from './chain.ts';
import { fmtKpi, seriesChart, GROUP_COLOURS } from './charts.ts';
import { CHART_SERIES, KPI_LABELS, KPIS, type Lang } from './messages.ts';
import { EVENT_LABELS, getRole } from './roles.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

export function renderHandout(x: SessionExport, lang: Lang): string {
  const t = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const groupLabel = (g: number) => t(`第 ${g + 1} 组`, `Group ${g + 1}`);
  const groups = x.groups.map((g) => g.rounds);
  const rows: string[] = [];
  const last = groups.map((g) => g[g.length - 1]);
  rows.push(`<table><tr><th></th>${last.map((_, g) => `<th style="color:${GROUP_COLOURS[g % GROUP_COLOURS.length]}">${esc(groupLabel(g))}</th>`).join('')}</tr>`);
  for (const k of KPIS) rows.push(`<tr><td>${esc(KPI_LABELS[k][lang])}</td>${last.map((r) => `<td>${fmtKpi(k, r?.kpis[k])}</td>`).join('')}</tr>`);
  rows.push(`<tr><td>${t('最终摘要（digest）', 'Final digest')}</td>${last.map((r) => `<td><code>${r ? r.digest.slice(0, 12) : '–'}</code></td>`).join('')}</tr></table>`);
  const charts = CHART_SERIES.map((s) => seriesChart(groups, s, { title: KPI_LABELS[s][lang], groupLabel, width: 760, height: 240 })).join('\n');
  const decisions = groups.map((rounds, g) => {
    const items = rounds.map((r) => {
      const lines = [
        ...r.events.map((e) => `<li><b>${esc(EVENT_LABELS[e][lang])}</b></li>`),
        ...r.changes.map((c) => `<li>${esc(getRole(c.role)?.label[lang] ?? c.role)}: ${esc(getLever(c.lever)?.label[lang] ?? c.lever)} ${esc(String(c.from))} → <b>${esc(String(c.to))}</b></li>`),
      ];
      return `<h4>${t('第', 'Round ')}${r.round}${t(' 轮', '')} · ${t('满意率', 'satisfaction')} ${fmtKpi('rate.satisfaction', r.kpis['rate.satisfaction'])} · ${t('积压', 'backlog')} ${fmtKpi('cases.open.end', r.kpis['cases.open.end'])}</h4><ul>${lines.join('') || `<li>${t('沿用上一轮', 'no change')}</li>`}</ul>`;
    }).join('');
    return `<section><h3 style="color:${GROUP_COLOURS[g % GROUP_COLOURS.length]}">${esc(groupLabel(g))}</h3>${items}</section>`;
  }).join('');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(x.title)} — ${t('复盘讲义', 'debrief handout')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}td:first-child{text-align:left}section{break-inside:avoid}.note{color:#555;font-size:.9rem}svg{max-width:100%;height:auto}</style></head><body>
<h1>${esc(x.title)} — ${t('复盘讲义', 'debrief handout')}</h1>
<p class="note">${t('会话', 'Session')} ${esc(x.code)} · ${t('情景', 'scenario')} ${esc(x.scenario.name[lang])} · ${t('种子', 'seed')} ${x.seed} · ${x.rounds} ${t('轮，每轮', 'rounds of')} ${x.roundDays} ${t('天', 'days')} · ${t('引擎', 'engine')} ${esc(x.engineVersion)}</p>
<p class="note">${t('各组共用同一随机种子（共同随机数），所以组间差异来自各组的决策。指标为本次模拟从预热期结束到该轮末的累计值；这是示意性模型，不是预测。', 'All groups share one seed (common random numbers), so differences between groups come from their decisions. Metrics are cumulative from the end of the warm-up to the end of each round; this is an illustrative model, not a forecast.')}</p>
<h2>${t('最终结果', 'Where each group ended')}</h2>${rows.join('')}
<h2>${t('时间曲线（圆点：该轮的决策数，悬停看详情）', 'Over time (dots: decisions that round; hover for details)')}</h2>${charts}
<h2>${t('逐轮决策', 'Decisions round by round')}</h2>${decisions}
<p class="note">${t('复现：', 'Replay: ')}<code>govsim workshop replay workshop-${esc(x.code)}.json</code></p>
</body></html>`;
}
