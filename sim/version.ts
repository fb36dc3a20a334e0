// The engine version: part of every manifest. Bump it whenever a change alters outputs (and
// update the golden digests in test/sim/golden.test.ts on purpose).
export const ENGINE_VERSION = '0.2.0';
