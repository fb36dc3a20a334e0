// Calibration targets (MODEL.md section 9; data/qinhuai-facts.md): each metric, the preset it
// applies to, its band and where the band comes from.
export interface CalibrationTarget {
  preset: 'qinhuai-2019' | 'qinhuai-2021' | 'both';
  metric: string;
  low: number;
  high: number;
  source: string;
}

export const CALIBRATION_TARGETS: CalibrationTarget[] = [
  { preset: 'both', metric: 'hotline.perResidentYear', low: 0.5, high: 1.0, source: 'Beijing ~1 request per resident a year, scaled' },
  { preset: 'both', metric: 'hotline.appealShare', low: 0.35, high: 0.48, source: 'Beijing 2019–2021: 41.5 % appeals, 58.5 % enquiries' },
  { preset: 'qinhuai-2019', metric: 'rate.resolution', low: 0.55, high: 0.75, source: 'Beijing 2019: 53–75 % resolved' },
  { preset: 'qinhuai-2019', metric: 'rate.satisfaction', low: 0.65, high: 0.87, source: 'Beijing 2019: 65–87 % satisfied' },
  { preset: 'qinhuai-2021', metric: 'rate.response', low: 0.95, high: 1.0, source: 'Beijing E-Town 2022: 98.0 % response' },
  { preset: 'qinhuai-2021', metric: 'rate.resolution', low: 0.93, high: 0.99, source: 'Beijing 2022–2025: 96–97 % resolved' },
  { preset: 'qinhuai-2021', metric: 'rate.satisfaction', low: 0.93, high: 0.99, source: 'Beijing 2022–2025: 96–98 % satisfied' },
  { preset: 'qinhuai-2021', metric: 'rate.inGrid', low: 0.85, high: 0.95, source: 'Qinhuai (seed, 2021): 90 % found and resolved in the grid' },
  { preset: 'qinhuai-2021', metric: 'rate.gridSatisfaction', low: 0.94, high: 0.99, source: 'Nanjing 2021: grid-service satisfaction 96.55 %' },
];

/**
 * The 2021 preset is a PREDICTION (MODEL.md §10.5): qinhuai-2019 is fitted alone and the 2021
 * rates follow from the eight reform patches. Where the prediction misses a band, the miss is
 * stated here (how far below the band's low end the model may land, measured on seed 1) rather
 * than the band widened or the model fitted twice. See docs/ODD.md §9.
 */
export const KNOWN_MISSES_2021: Record<string, { below: number; why: string }> = {
  'rate.resolution': {
    below: 0.07,
    why: 'hotline orders the command centre dispatches straight to a department (roads, gas, wage arrears, food safety) are not whistled, so their other departments\' parts are settled only in part (0.874 vs 0.93 on seed 1)',
  },
  'rate.satisfaction': {
    below: 0.035,
    why: 'follows the resolution miss: orders closed with an explanation rate lower (0.907 vs 0.93 on seed 1)',
  },
};
