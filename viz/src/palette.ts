// Colour-blind-safe colours: the Okabe–Ito palette for categories (yellow last: it is hard to
// see as a thin line on white), viridis for sequential scales and purple–orange for differences.
import { interpolatePuOr, interpolateViridis } from 'd3';

export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  green: '#009E73',
  orange: '#E69F00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  black: '#000000',
  yellow: '#F0E442',
};

export const CATEGORICAL = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.orange, OKABE_ITO.purple, OKABE_ITO.sky, OKABE_ITO.black, OKABE_ITO.yellow];

export function categorical(i: number): string {
  return CATEGORICAL[i % CATEGORICAL.length];
}

export const sequential = interpolateViridis;
/** Diverging, reversed so that orange is below zero and purple above. */
export const diverging = (t: number): string => interpolatePuOr(1 - t);

export const GREY = '#6b6b6b';
