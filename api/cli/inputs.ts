// Reading what the user points at: presets or files (JSON or YAML, at most 2 MB) holding a
// scenario or a patch, `--set id=value` lever overrides, numeric options, and output paths
// (written exactly where the user pointed, parent folders created, a directory never
// overwritten). Every failure is a UserError naming the field, the value and what was expected.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { rename } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import {
  LEVERS, MAX_DAYS, ScenarioError, composeScenario as compose, getLever, parseLeverText, validatePatch, validateScenario,
  type LeverValues, type Patch, type Scenario,
} from '../../sim/index.ts';
import { getPatch, getScenario, patchIds, scenarioIds } from '../../scenarios/index.ts';
import { UserError, userErrorFromScenario } from './io.ts';
import { findJsonSyntaxError } from './json-position.ts';

// The YAML parser is loaded on first use: most commands never read YAML, and it is slow to load.
let yamlModule: typeof YamlModule | undefined;
function loadYaml(): typeof YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof YamlModule);
}

export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

export type Loaded =
  | { kind: 'scenario'; scenario: Scenario; source: string }
  | { kind: 'patch'; patch: Patch; source: string };

function looksLikePath(arg: string): boolean {
  return /[\\/]/.test(arg) || /\.(json|ya?ml)$/i.test(arg);
}

function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Parse JSON or YAML text; errors carry the file, line and column. */
export function parseDataText(text: string, name: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const yaml = /\.ya?ml$/i.test(name);
  if (!yaml) {
    try {
      return JSON.parse(body);
    } catch (e) {
      const where = findJsonSyntaxError(body);
      if (where) {
        throw new UserError(`${name}:${where.line}:${where.column}: malformed JSON: ${where.message}`,
          { field: name, value: `line ${where.line}, column ${where.column}`, expected: 'valid JSON' });
      }
      throw new UserError(`${name}: malformed JSON: ${(e as Error).message}`, { field: name, expected: 'valid JSON' });
    }
  }
  try {
    return loadYaml().parse(body, { uniqueKeys: true, maxAliasCount: 100, prettyErrors: true });
  } catch (e) {
    if (e instanceof loadYaml().YAMLParseError) {
      const pos = e.linePos?.[0];
      const at = pos ? `:${pos.line}:${pos.col}` : '';
      const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new UserError(`${name}${at}: malformed YAML: ${first}`,
        { field: name, value: pos ? `line ${pos.line}, column ${pos.col}` : undefined, expected: 'valid YAML' });
    }
    throw new UserError(`${name}: malformed YAML: ${(e as Error).message}`, { field: name, expected: 'valid YAML' });
  }
}

/** Read a JSON or YAML data file (a regular file of at most 2 MB). */
export function readDataFile(arg: string, cwd: string): unknown {
  const path = resolve(cwd, arg);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError(`${arg} is not a regular file`, { field: 'file', value: arg, expected: 'a JSON or YAML file' });
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${arg}: no such file`, { field: 'file', value: arg, expected: 'an existing JSON or YAML file' });
  }
  if (size > MAX_INPUT_BYTES) {
    throw new UserError(`${arg} is ${size} bytes; input files may be at most ${MAX_INPUT_BYTES} bytes (2 MB)`,
      { field: 'file', value: size, expected: `≤ ${MAX_INPUT_BYTES} bytes` });
  }
  return parseDataText(readFileSync(path, 'utf8'), arg);
}

function classify(data: unknown, source: string): Loaded {
  const obj = data as Record<string, unknown>;
  const isObj = typeof data === 'object' && data !== null && !Array.isArray(data);
  const kind = isObj && obj.kind === 'patch' ? 'patch' : isObj && ('district' in obj || obj.kind === 'scenario') ? 'scenario' : isObj && 'levers' in obj ? 'patch' : undefined;
  try {
    if (kind === 'scenario') return { kind, scenario: validateScenario(data), source };
    if (kind === 'patch') return { kind, patch: validatePatch(data), source };
  } catch (e) {
    if (e instanceof ScenarioError) throw userErrorFromScenario(e, `${kind} ${source}`);
    throw e;
  }
  throw new UserError(`${source} is neither a scenario (an object with "district") nor a patch (an object with "levers")`,
    { field: source, value: Array.isArray(data) ? 'a list' : typeof data, expected: 'a scenario or a patch object' });
}

function unknownPreset(arg: string): UserError {
  const hint = suggest(arg, [...scenarioIds(), ...patchIds()]);
  return new UserError(
    `unknown preset "${arg}" and no such file${hint ? ` (did you mean "${hint}"?)` : ''}; scenario presets: ${scenarioIds().join(', ')}` +
      `${patchIds().length ? `; patch presets: ${patchIds().join(', ')}` : ''} (see \`govsim presets\`)`,
    { field: 'preset', value: arg, expected: 'a preset id or a path to a JSON/YAML file' },
  );
}

/** A preset id or a file, holding a scenario or a patch. */
export function loadScenarioOrPatch(arg: string, cwd: string): Loaded {
  if (!looksLikePath(arg)) {
    const s = getScenario(arg);
    if (s) return { kind: 'scenario', scenario: s, source: `preset ${arg}` };
    const p = getPatch(arg);
    if (p) return { kind: 'patch', patch: p, source: `preset ${arg}` };
    if (!fileExists(resolve(cwd, arg))) throw unknownPreset(arg);
  }
  return classify(readDataFile(arg, cwd), arg);
}

export function loadScenario(arg: string, cwd: string): Scenario {
  const l = loadScenarioOrPatch(arg, cwd);
  if (l.kind !== 'scenario') {
    throw new UserError(`${l.source} is a patch, not a scenario; give a scenario first and the patch with --patch`,
      { field: 'scenario', value: arg, expected: 'a scenario preset or file' });
  }
  return l.scenario;
}

export function loadPatch(arg: string, cwd: string): Patch {
  const l = loadScenarioOrPatch(arg, cwd);
  if (l.kind !== 'patch') {
    throw new UserError(`${l.source} is a scenario, not a patch`, { field: '--patch', value: arg, expected: 'a patch preset or file' });
  }
  return l.patch;
}

/** Closest id by edit distance, if it is close enough to be a likely typo. */
export function suggest(word: string, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const id of ids) {
    const d = editDistance(word.toLowerCase(), id.toLowerCase());
    if (d < bestD) { bestD = d; best = id; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = t;
    }
  }
  return prev[b.length];
}

/** `--set id=value` texts → lever values (typed by the lever's kind). */
export function parseSets(list: readonly string[]): LeverValues {
  const out: LeverValues = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UserError(`--set "${item}" must look like lever=value`, { field: '--set', value: item, expected: 'lever=value' });
    const id = item.slice(0, eq).trim();
    const text = item.slice(eq + 1).trim();
    if (!getLever(id)) {
      const hint = suggest(id, LEVERS.map((l) => l.id));
      throw new UserError(`--set: unknown lever "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; see \`govsim levers\``,
        { field: id, value: id, expected: 'a lever id from `govsim levers`' });
    }
    try {
      out[id] = parseLeverText(id, text);
    } catch (e) {
      throw new UserError(`--set ${id}=${text}: ${(e as Error).message}`, { field: id, value: text });
    }
  }
  return out;
}

/** A scenario with patches stacked (conflicts refused) and --set values laid on top (sim's composer). */
export function composeScenario(base: Scenario, patches: Patch[], sets: LeverValues): Scenario {
  try {
    return compose(base, patches, sets);
  } catch (e) {
    if (e instanceof ScenarioError) {
      throw userErrorFromScenario(e, e.stage === 'levers' ? '--set values' : 'patch stack (patches that set the same lever differently)');
    }
    throw e;
  }
}

/** A non-negative integer option with bounds; names the option in its error. */
export function parseIntOption(option: string, text: string | number | undefined, min: number, max: number): number {
  const s = String(text ?? '').trim();
  const n = /^[+]?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UserError(`${option} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`,
      { field: option, value: text, expected: `an integer in [${min}, ${max}]` });
  }
  return n;
}

export const parseSeed = (t: string | number | undefined) => parseIntOption('--seed', t, 0, 0xffffffff);
export const parseDays = (t: string | number | undefined) => parseIntOption('--days', t, 1, MAX_DAYS);

/**
 * Where to write a file the user named: resolved against the working directory, never an
 * existing directory; parent folders are created.
 */
export function prepareOutputFile(arg: string, cwd: string, option = '--out'): string {
  if (!arg || arg.endsWith('/') || arg.endsWith('\\')) {
    throw new UserError(`${option} must name a file, got ${JSON.stringify(arg)}`, { field: option, value: arg, expected: 'a file path' });
  }
  const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
  try {
    if (statSync(path).isDirectory()) {
      throw new UserError(`${option} ${arg} is a directory; give a file name`, { field: option, value: arg, expected: 'a file path' });
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
  ensureDir(dirname(path), option, arg);
  return path;
}

/** An output directory (created if missing; an existing file there is refused). */
export function prepareOutputDir(arg: string, cwd: string, option = '--out'): string {
  if (!arg) throw new UserError(`${option} must name a directory`, { field: option, value: arg, expected: 'a directory path' });
  const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
  ensureDir(path, option, arg);
  return path;
}

function ensureDir(path: string, option: string, arg: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${option} ${arg}: cannot create directory ${path} (${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code})`,
      { field: option, value: arg, expected: 'a writable location' });
  }
  if (!statSync(path).isDirectory()) {
    throw new UserError(`${option} ${arg}: ${path} is a file, not a directory`, { field: option, value: arg, expected: 'a directory' });
  }
}

/**
 * Write through a temporary file and rename, so that a reader never sees half a file. The
 * temporary name is unpredictable and created exclusively (a planted symlink is not followed),
 * and it is removed when the write fails.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write text chunks to `path` through a temporary file (a reader never sees half a file). */
export async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const ws = createWriteStream(tmp);
  for (const c of chunks) if (!ws.write(c)) await once(ws, 'drain');
  ws.end();
  await once(ws, 'finish');
  await rename(tmp, path);
}
