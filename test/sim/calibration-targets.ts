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
