// Words of the workshop pages in Chinese (default) and English, per participant.
import type { Lang } from '../../api/workshop/messages.ts';

const WORDS = {
  join: ['加入工作坊', 'Join the workshop'],
  code: ['会话码', 'Session code'],
  name: ['你的名字', 'Your name'],
  joinButton: ['加入', 'Join'],
  group: ['组', 'Group'],
  round: ['轮次', 'Round'],
  of: ['/', 'of'],
  lobby: ['等待开始', 'Waiting to start'],
  open: ['请决策', 'Decide now'],
  paused: ['已暂停', 'Paused'],
  review: ['本轮结束，看结果', 'Round over: see the results'],
  finished: ['工作坊结束', 'Workshop finished'],
  submit: ['提交决策', 'Submit decision'],
  submitted: ['已提交（截止前可再修改）', 'Submitted (you may still change it before time runs out)'],
  notSubmitted: ['尚未提交；不提交则沿用当前值', 'Not submitted yet; without a submission the current values carry over'],
  outcomes: ['本组结果', 'Your group\'s outcomes'],
  noOutcomes: ['第一轮结束后在这里显示结果', 'Results appear here after the first round'],
  left: ['剩余', 'left'],
  connecting: ['连接中…', 'Connecting…'],
  offline: ['链接无效：请重新扫码加入', 'This link is not valid: scan the code again'],
  events: ['下一轮的事件', 'Events next round'],
  yourRole: ['你的角色', 'Your role'],
  create: ['新建工作坊', 'New workshop'],
  title: ['标题', 'Title'],
  preset: ['情景', 'Scenario'],
  roles: ['角色', 'Roles'],
  groups: ['组数', 'Groups'],
  rounds: ['轮数', 'Rounds'],
  timer: ['每轮计时（秒）', 'Timer per round (seconds)'],
  seed: ['随机种子', 'Seed'],
  start: ['开始本轮', 'Start round'],
  close: ['结束本轮', 'Close round'],
  pause: ['暂停', 'Pause'],
  resume: ['继续', 'Resume'],
  inject: ['注入事件', 'Inject event'],
  export: ['导出会话 (JSON)', 'Export session (JSON)'],
  handout: ['复盘讲义', 'Debrief handout'],
  debrief: ['复盘', 'Debrief'],
  dashboard: ['看板', 'Dashboard'],
  joined: ['已加入', 'Joined'],
  decided: ['已决策', 'Decided'],
  side: ['各组结果（第 {r} 轮后）', 'Groups side by side (after round {r})'],
  scan: ['手机扫码或打开', 'Scan with your phone or open'],
  loopbackOnly: ['服务器只监听本机 (127.0.0.1)，手机无法连接：用 --host 0.0.0.0 重新启动（见 docs/workshop.md）', 'The server listens on this laptop only (127.0.0.1): phones cannot reach it. Restart it with --host 0.0.0.0 (see docs/workshop.md)'],
  sameSeed: ['各组使用同一随机种子：差异来自决策', 'All groups share one seed: differences come from decisions'],
} as const;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, w: Word, vars: Record<string, string | number> = {}): string {
  let s: string = WORDS[w][lang === 'zh' ? 0 : 1];
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

export function clock(ms: number | null): string {
  if (ms === null) return '–:––';
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
