// Tornado charts of sensitivity indices: one bar per lever (or per lever and index), largest
// first, with its bootstrap interval. Morris μ* and Sobol S1 / ST in the report.
import { drawIntervals, type IntervalOptions } from './interval.ts';

export interface TornadoBar {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  color: string;
}

/** Bars in the given order (sort them first: the caller knows which index ranks). */
export function drawTornado(parent: Element, bars: TornadoBar[], opts: Omit<IntervalOptions, 'bars'> = {}): SVGSVGElement {
  return drawIntervals(parent, bars.map((b) => ({ label: b.label, mean: b.value, low: b.low, high: b.high, color: b.color, strong: true })),
    { left: 260, ...opts, bars: true, className: `tornado ${opts.className ?? ''}`.trim() });
}

/** Sort key: largest first, missing values last. */
export function byLargest<T>(value: (x: T) => number | null): (a: T, b: T) => number {
  const v = (x: T) => { const y = value(x); return y !== null && Number.isFinite(y) ? y : -Infinity; };
  return (a, b) => v(b) - v(a);
}
