// Experiments as pure logic, shared by the CLI, the HTTP API and the sandbox: designs
// (replications under common random numbers, full factorial, Latin hypercube, Morris, Saltelli),
// jobs an executor runs (including warm-start forks), and statistics over the outputs.
// Executors that do I/O (worker pools, queues) live outside sim/ and only move jobs and outputs.
export { createRandom, permutation, type Random } from './random.ts';
export { replicationSeed, replicationSeeds, MAX_SEED } from './seeds.ts';
export { lnGamma, incompleteBeta, studentTCdf, studentTQuantile } from './student-t.ts';
export {
  DEFAULT_LEVEL, meanCi, pairedDifference, percentileInterval, populationVariance, tCritical,
  type MeanCi, type PairedDifference,
} from './stats.ts';
export { checkFactors, factorLevels, factorUnit, factorValue, parseFactor, type Factor, type FactorProblem } from './factors.ts';
export { fullFactorial, latinHypercube } from './designs.ts';
export { morrisDesign, morrisIndices, type MorrisDesign, type MorrisIndex } from './morris.ts';
export { saltelliDesign, sobolIndices, type SaltelliDesign, type SobolIndex, type SobolResult } from './sobol.ts';
export { asRunResult, executeJob, jobOutput, transferablesOf, type JobOutput, type RunJob, type SeriesRequest } from './job.ts';
export {
  jobPayload, planCompare, planSensitivity, planSweep,
  type CompareSpec, type DesignInfo, type ExperimentKind, type ExperimentPlan, type PlannedJob, type PlannedScenario,
  type SensitivitySpec, type SweepSpec,
} from './plan.ts';
export {
  compareToBaseline, differenceBands, metricNames, pointMeans, sensitivityIndices, seriesBands, summarizeScenarios,
  sweepCorrelations, type Band, type OutputTable, type SensitivityIndices,
} from './analysis.ts';
export {
  ANALYSIS_KEYS, DOCUMENT_FORMAT, KEY_SERIES, analysisDigest, buildDocument, buildReportData, toJsonText,
  type DocumentOptions, type ExperimentDocument, type ReportData, type RunFailure, type RunRecord,
} from './document.ts';
export {
  AbcAborted, bandDistance, checkAbcSettings, checkPrior, effectiveSampleSize, gaussian, quantile, resampleIndices, runAbcSmc,
  targetsMet, weightedMoments, weightedQuantile,
  type AbcEvaluator, type AbcHooks, type AbcParameter, type AbcResult, type AbcSettings, type BandTarget, type GenerationStats,
  type Particle, type Prior, type ProposalKey,
} from './abc.ts';
export {
  EXACT_MAX, decompose, shapleyExact, shapleyPermutations, shapleySampled, shapleySubsets,
  type ComponentShare, type Decomposition,
} from './shapley.ts';
export {
  CALIBRATION_TARGETS, DEFAULT_ABC, DEFAULT_PARAMETERS, KNOWN_MISSES_2021, maxCalibrationRuns, DEFAULT_TARGETS, presetTargets, POSTERIOR_FORMAT, abcParameters, buildPosterior, calibrationHash, checkPosterior,
  evaluationKey, evaluationSeed, leverParameter, marginals, particleScenario, posteriorDigest, targetFit,
  type CalibrationParameter, type CalibrationSpec, type CalibrationTarget, type EvaluationRecord, type MarginalSummary, type PosteriorDocument, type PosteriorParticle,
} from './calibration.ts';
export {
  BETTER, analysePosteriorCompare, drawScenarios, posteriorDraws, type PosteriorComparison, type PosteriorEffect,
} from './posterior-compare.ts';
