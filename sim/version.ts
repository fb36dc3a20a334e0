// The engine version: part of every manifest, and the one promise the caches rely on.
//
// THE DETERMINISM CONTRACT. Same scenario + seed + days + ENGINE_VERSION → byte-identical
// result (every field; the manifest's digest is SHA-256 over all of them, see sim/result.ts).
// So any change that alters any output, for any input, MUST bump ENGINE_VERSION, and then
// `npm run golden:update` records the new digests under the new version in
// test/sim/golden.json. The golden test fails if the digests differ from those recorded for
// the current version, and golden:update refuses to overwrite a version's recorded digests:
// changing output without a bump cannot pass the tests.
//
// Analyses are output too. "Output" covers the statistics computed from runs (experiment
// summaries, differences, correlations, Morris/Sobol indices, Shapley decompositions, posterior
// comparisons: sim/experiments), not only the runs: golden.json also records, per version, the
// analysis digests (sim/experiments analysisDigest) of small fixed experiments
// (scripts/golden-analyses.ts), so a change to stats.ts, analysis.ts, morris.ts, sobol.ts or
// shapley.ts that moves any number needs a bump like a change to the engine.
//
// What a bump means, everywhere a result is kept:
// - API result cache / store (api/store): plans are keyed by engine version, so runs of the
//   old version are never served for a new request; stored results keep their manifest's
//   version and stay readable as records of that version. A finished job's digest
//   (api/store/outputs.ts jobDigest) is SHA-256 over its run digests AND its report's analysis
//   digest: equal job digests under one version mean equal runs and equal statistics, and the
//   cache may serve the stored report for it. Jobs finished before the analysis digest joined
//   the job digest (engine 0.14.0 stores) carry a runs-only digest; their reports are still
//   those of 0.14.0's statistics, which did not change.
// - Queued jobs (api/store/queue.ts, Redis via api/queue): job ids include the version; a job
//   planned under another version is failed ("engine_changed") rather than run, and a worker of
//   another version refuses it, so old and new results never mix in one experiment.
// - Experiment checkpoints (--resume) are keyed by the plan hash, which includes the version:
//   a resume under another version starts afresh. Snapshots are in-memory only.
// - The sandbox's shared links carry no results, only inputs: they re-run under the new engine.
// Bump the minor number for a change of output; the major for a change of the result's shape.
export const ENGINE_VERSION = '0.14.0';
