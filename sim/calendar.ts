// The calendar: dates as integer day numbers (no Date object: sim/ has no clock), weekdays,
// Chinese public holidays and the seasons that move case emergence (Spring Festival and the
// Qinhuai lantern fair, the plum rains). Holiday tables are approximate: the official
// make-up working weekends (调休) are not modelled.

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: y + (m <= 2 ? 1 : 0), m, d };
}

export function parseDate(s: string): number {
  return daysFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

export function formatDate(day: number): string {
  const { y, m, d } = civilFromDays(day);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Spring Festival (lunar new year's day) by year, 2018–2027. */
const SPRING_FESTIVAL: Record<number, string> = {
  2018: '2018-02-16', 2019: '2019-02-05', 2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01',
  2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06',
};
const DRAGON_BOAT: Record<number, string> = {
  2018: '2018-06-18', 2019: '2019-06-07', 2020: '2020-06-25', 2021: '2021-06-14', 2022: '2022-06-03',
  2023: '2023-06-22', 2024: '2024-06-10', 2025: '2025-05-31', 2026: '2026-06-19', 2027: '2027-06-09',
};
const MID_AUTUMN: Record<number, string> = {
  2018: '2018-09-24', 2019: '2019-09-13', 2020: '2020-10-01', 2021: '2021-09-21', 2022: '2022-09-10',
  2023: '2023-09-29', 2024: '2024-09-17', 2025: '2025-10-06', 2026: '2026-09-25', 2027: '2027-09-15',
};

/**
 * Precompute the calendar for `n` days from `startDay` into compact flag arrays, so the daily
 * step reads a byte instead of doing date arithmetic.
 */
export function buildCalendar(startDay: number, n: number): Uint8Array {
  const flags = new Uint8Array(n);
  const holidays = new Set<number>();
  for (let y = 2018; y <= 2027; y++) {
    const add = (first: number, len: number) => {
      for (let i = 0; i < len; i++) holidays.add(first + i);
    };
    add(daysFromCivil(y, 1, 1), 1);
    add(parseDate(SPRING_FESTIVAL[y]) - 1, 7);
    add(daysFromCivil(y, 4, 4), 3);
    add(daysFromCivil(y, 5, 1), 5);
    add(parseDate(DRAGON_BOAT[y]), 3);
    add(parseDate(MID_AUTUMN[y]), 3);
    add(daysFromCivil(y, 10, 1), 7);
  }
  for (let i = 0; i < n; i++) {
    const day = startDay + i;
    const { y, m, d } = civilFromDays(day);
    const wd = weekday(day);
    let f = 0;
    if (wd < 5 && !holidays.has(day)) f |= WORKDAY;
    const sf = SPRING_FESTIVAL[y] ? parseDate(SPRING_FESTIVAL[y]) : NaN;
    const sfNext = SPRING_FESTIVAL[y + 1] ? parseDate(SPRING_FESTIVAL[y + 1]) : NaN;
    // Lantern fair: from ten days before the new year to the Lantern Festival (day 15) and a day after.
    if ((day >= sf - 10 && day <= sf + 15) || (day >= sfNext - 10 && day <= sfNext + 15)) f |= LANTERN;
    // Plum rains in Nanjing: mid-June to mid-July.
    if ((m === 6 && d >= 15) || (m === 7 && d <= 15)) f |= PLUM;
    if (d === 1 || i === 0) f |= MONTH_START;
    if (wd === 6) f |= WEEK_END;
    flags[i] = f;
  }
  return flags;
}

export const WORKDAY = 1;
export const LANTERN = 2;
export const PLUM = 4;
export const MONTH_START = 8;
export const WEEK_END = 16;

/**
 * Working-day index of a calendar: `before[d]` counts working days before day d, and `days[k]`
 * is the k-th working day. With them the n-th working day after d is found in O(1).
 */
export interface WorkIndex {
  before: Int32Array;
  days: Int32Array;
}

export function buildWorkIndex(flags: Uint8Array): WorkIndex {
  const before = new Int32Array(flags.length + 1);
  let n = 0;
  for (let i = 0; i < flags.length; i++) {
    before[i] = n;
    if (flags[i] & WORKDAY) n++;
  }
  before[flags.length] = n;
  const days = new Int32Array(n);
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i] & WORKDAY) days[k++] = i;
  return { before, days };
}

/** End (exclusive, as a day number) of the n-th working day after `day`; past the table: n calendar days. */
export function workingDeadlineDay(ix: WorkIndex, day: number, n: number): number {
  if (day + 1 >= ix.before.length) return day + n + 1;
  const k = ix.before[day + 1] + n - 1;
  return k < ix.days.length ? ix.days[k] + 1 : ix.days.length ? ix.days[ix.days.length - 1] + 1 + (k - ix.days.length + 1) : day + n + 1;
}

