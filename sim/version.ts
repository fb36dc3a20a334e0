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
// What a bump means, everywhere a result is kept:
// - API result cache / store (api/store): plans are keyed by engine version, so runs of the
//   old version are never served for a new request; stored results keep their manifest's
//   version and stay readable as records of that version.
// - Queued jobs (api/store/queue.ts, Redis via api/queue): job ids include the version; a job
//   planned under another version is failed ("engine_changed") rather than run, and a worker of
//   another version refuses it, so old and new results never mix in one experiment.
// - Experiment checkpoints (--resume) are keyed by the plan hash, which includes the version:
//   a resume under another version starts afresh. Snapshots are in-memory only.
// - The sandbox's shared links carry no results, only inputs: they re-run under the new engine.
// Bump the minor number for a change of output; the major for a change of the result's shape.
export const ENGINE_VERSION = '0.14.0';
