// The one CSV writer of govsim: `govsim run --csv`, `govsim compare|sweep|… --out` (series.csv,
// summary.csv, places.csv), the API's `/v1/runs/{id}/series.csv` and the sandbox's download all
// write their cells and rows here. Pure (no Node, no DOM): an entry point of its own, like
// sim/calendar.ts. Days are numbered as the engine numbers them, from 0 (day 0 is the start
// date); numbers are written in their shortest round-trip form, NaN and ±Infinity as an empty
// cell; text that a spreadsheet would run as a formula is defused.
import { formatDate, parseDate } from './calendar.ts';

/**
 * A CSV cell: numbers in their shortest round-trip form, NaN empty, text quoted when needed.
 * Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading '.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (with its newline) from cells. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

/** Daily series as the engine's result holds them (typed arrays, plain arrays or JSON with nulls). */
export interface SeriesTable {
  /** Date of day 0, YYYY-MM-DD (needed for the date column). */
  startDate?: string;
  /** Days to write (from day 0). */
  days: number;
  /** Columns, in order; a name without values is left out. */
  names: readonly string[];
  values: Readonly<Record<string, ArrayLike<number | null>>>;
}

export interface SeriesCsvOptions {
  /** tidy: `…,day[,date],metric,value`, one row per day and series; wide: `…,day[,date],<series…>`. */
  layout: 'tidy' | 'wide';
  /** Leading columns repeated on every row (e.g. experiment, scenario, replication). */
  lead?: { names: readonly string[]; values: readonly (string | number)[] };
  /** Write the date column after the day (default true). */
  date?: boolean;
  /** Write the header line (default true; false for the second and later tables of one file). */
  header?: boolean;
  /** Yield when this many characters are buffered (default 65536). */
  chunk?: number;
}

/** The header line of a series CSV with these options and columns. */
export function seriesCsvHeader(names: readonly string[], o: Omit<SeriesCsvOptions, 'header' | 'chunk'>): string {
  const dayCols = o.date === false ? ['day'] : ['day', 'date'];
  return csvRow([...(o.lead?.names ?? []), ...dayCols, ...(o.layout === 'tidy' ? ['metric', 'value'] : names)]);
}

/** A series table as CSV text, in chunks (for streaming a long table to a file or a response). */
export function* seriesCsvChunks(t: SeriesTable, o: SeriesCsvOptions): Generator<string> {
  const names = t.names.filter((n) => t.values[n]);
  const chunk = o.chunk ?? 1 << 16;
  let buf = o.header === false ? '' : seriesCsvHeader(names, o);
  const lead = o.lead ? `${o.lead.values.map(csvCell).join(',')},` : '';
  const withDate = o.date !== false;
  if (withDate && t.startDate === undefined) throw new RangeError('seriesCsv: the date column needs the series\' startDate');
  const start = withDate ? parseDate(t.startDate as string) : 0;
  const cells = names.map((n) => csvCell(n));
  for (let d = 0; d < t.days; d++) {
    const day = withDate ? `${lead}${d},${formatDate(start + d)},` : `${lead}${d},`;
    if (o.layout === 'tidy') for (let i = 0; i < names.length; i++) buf += `${day}${cells[i]},${csvCell(t.values[names[i]][d])}\n`;
    else buf += `${day}${names.map((n) => csvCell(t.values[n][d])).join(',')}\n`;
    if (buf.length >= chunk) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** A series table as one CSV text. */
export function seriesCsv(t: SeriesTable, o: Omit<SeriesCsvOptions, 'chunk'>): string {
  let out = '';
  for (const c of seriesCsvChunks(t, { ...o, chunk: Infinity })) out += c;
  return out;
}
