// The runs on screen and their playback. The edited run (and, in compare mode, the baseline:
// the preset without changes, same seed, so common random numbers) step in their own workers in
// lockstep. Play asks for chunks of days and never waits on the main thread; the page redraws
// on animation frames from whatever has arrived.
import * as Comlink from 'comlink';
import { createEngine, poolSize, runPool, type Engine } from './engine.ts';
import type { Band, FlowData, Frame, GridData, Layout, Manifest, RunSpec } from './protocol.ts';

export interface RunData {
  spec: RunSpec;
  layout: Layout;
  horizon: number;
  day: number;
  values: Record<string, Float64Array>;
  flows?: FlowData;
  grid?: GridData;
  manifest?: Manifest;
  summary?: Record<string, number>;
  done: boolean;
}

export interface Replications {
  n: number;
  seeds: number[];
  /** Bands per series: edited arm, baseline arm (compare mode) and paired difference. */
  main: Record<string, Band>;
  base?: Record<string, Band>;
  diff?: Record<string, Band>;
  mainSpread?: Record<string, Band>;
  baseSpread?: Record<string, Band>;
  digests: string[];
}

export type Mode = 'single' | 'compare';

/** Apply a frame from the worker to a run (series arrive from the last day sent). */
export function applyFrame(r: RunData, f: Frame): void {
  for (const [name, chunk] of Object.entries(f.series.values)) {
    let a = r.values[name];
    if (!a) {
      a = new Float64Array(r.horizon).fill(NaN);
      r.values[name] = a;
    }
    a.set(chunk, f.series.from);
  }
  r.day = f.day;
  r.done = f.done;
  if (f.flows) r.flows = f.flows;
  if (f.grid) r.grid = f.grid;
  if (f.manifest) r.manifest = f.manifest;
  if (f.summary) r.summary = f.summary;
}

export interface SessionEvents {
  onData(): void;
  onState(): void;
  onError(e: unknown): void;
}

/**
 * While playing, the workers send flows and per-grid data (map, histogram, Sankeys) at most this
 * often (ms); at full speed less often, as gathering them costs the worker time and drawing them
 * costs the main thread more than the line charts do. The last day always has them.
 */
const DETAILS_MS = 300;
const DETAILS_FAST_MS = 1000;

/** Days per second; Infinity is "as fast as the worker goes". */
export const SPEEDS = [1, 7, 30, 100, 365, Infinity];

export class Session {
  main?: RunData;
  base?: RunData;
  /** The last finished run before the scenario changed (same preset and days), kept for reference. */
  previous?: RunData;
  reps?: Replications;
  repProgress?: { done: number; n: number };
  mode: Mode = 'single';
  playing = false;
  preparing = false;
  speed = 30;
  private engines: { main: Engine; base?: Engine };
  private gen = 0;
  private loop?: Promise<void>;
  private lastDetails = 0;
  private adaptive = 8;
  private repGen = 0;

  constructor(private events: SessionEvents) {
    this.engines = { main: createEngine() };
  }

  get api() {
    return this.engines.main.api;
  }

  /** Drop the runs on screen (a scenario that cannot run, such as conflicting patches). */
  async close(): Promise<void> {
    await this.pause();
    this.gen++;
    this.preparing = false;
    this.clearReplications();
    this.main = undefined;
    this.base = undefined;
    this.events.onState();
  }

  /** Open fresh runs for a spec (stops playback). */
  async prepare(spec: RunSpec, baseSpec: RunSpec, mode: Mode): Promise<void> {
    await this.pause();
    const gen = ++this.gen;
    this.mode = mode;
    this.preparing = true;
    this.clearReplications();
    this.events.onState();
    try {
      if (mode === 'compare' && !this.engines.base) this.engines.base = createEngine();
      const [layout, baseLayout] = await Promise.all([
        this.engines.main.api.open(spec),
        mode === 'compare' ? this.engines.base!.api.open(baseSpec) : Promise.resolve(undefined),
      ]);
      if (gen !== this.gen) return;
      const old = this.main;
      if (old?.done && JSON.stringify(old.spec) !== JSON.stringify(spec)) this.previous = old;
      if (this.previous && (this.previous.spec.preset !== spec.preset || this.previous.spec.days !== spec.days || JSON.stringify(this.previous.spec) === JSON.stringify(spec))) this.previous = undefined;
      this.main = { spec, layout, horizon: spec.days, day: 0, values: {}, done: false };
      this.base = baseLayout ? { spec: baseSpec, layout: baseLayout, horizon: baseSpec.days, day: 0, values: {}, done: false } : undefined;
      // A forked run opens where it forked (the days before replay the trunk, as they were).
      await this.advance(spec.fork?.day ?? 0, true, gen);
    } finally {
      if (gen === this.gen) this.preparing = false;
      this.events.onState();
    }
  }

  private runs(): { run: RunData; engine: Engine }[] {
    const out = [{ run: this.main!, engine: this.engines.main }];
    if (this.mode === 'compare' && this.base && this.engines.base) out.push({ run: this.base, engine: this.engines.base });
    return out;
  }

  /** Step every run on screen by n days. */
  async advance(n: number, details: boolean, gen = this.gen): Promise<void> {
    if (!this.main) return;
    const runs = this.runs();
    const frames = await Promise.all(runs.map(({ engine }) => engine.api.step(n, { details })));
    if (gen !== this.gen) return;
    frames.forEach((f, i) => applyFrame(runs[i].run, f));
    if (details) this.lastDetails = performance.now();
    this.events.onData();
  }

  async stepBy(n: number): Promise<void> {
    await this.pause();
    if (!this.main || this.main.done || this.preparing) return;
    try {
      await this.advance(Math.min(n, this.main.horizon - this.main.day), true);
    } catch (e) {
      this.events.onError(e);
    }
    this.events.onState();
  }

  play(): void {
    if (this.playing || !this.main || this.main.done || this.preparing) return;
    this.playing = true;
    this.events.onState();
    const gen = this.gen;
    this.loop = this.playLoop(gen).catch((e) => this.events.onError(e)).finally(() => {
      if (gen === this.gen) {
        this.playing = false;
        this.events.onState();
      }
    });
  }

  /**
   * Play: ask the workers for chunks of days. At the fastest speed the next chunk is asked for
   * before the last one arrives (two in flight), so a worker never waits for the main thread to
   * take its frame; at a set speed one chunk at a time, paced. On pause the chunks in flight are
   * still applied (the workers send each day's series once).
   */
  private async playLoop(gen: number): Promise<void> {
    const main = this.main!;
    let asked = main.day;
    // At full speed the first details come DETAILS_FAST_MS into the play (the screen has the
    // current day's already); at a set speed as soon as the last ones are DETAILS_MS old.
    let detailsAsked = Number.isFinite(this.speed) ? this.lastDetails : performance.now();
    let detailed = true;
    const queue: Promise<{ runs: { run: RunData; engine: Engine }[]; frames: Frame[]; details: boolean; n: number; t: number }>[] = [];
    const ask = (n: number, details: boolean) => {
      asked += n;
      const runs = this.runs();
      const t = performance.now();
      queue.push(Promise.all(runs.map(({ engine }) => engine.api.step(n, { details }))).then((frames) => ({ runs, frames, details, n, t })));
    };
    let last = performance.now();
    try {
      while (this.playing && gen === this.gen && !main.done) {
        const speed = this.speed;
        const fast = !Number.isFinite(speed);
        while (queue.length < (fast ? 2 : 1) && asked < main.horizon) {
          const left = main.horizon - asked;
          const n = Math.min(left, fast ? this.adaptive : Math.max(1, Math.round(speed / 12)));
          const now = performance.now();
          const details = now - detailsAsked > (fast ? DETAILS_FAST_MS : DETAILS_MS) || n >= left;
          if (details) detailsAsked = now;
          ask(n, details);
        }
        if (!queue.length) break;
        const got = await queue.shift()!;
        if (gen !== this.gen) return;
        got.frames.forEach((f, i) => applyFrame(got.runs[i].run, f));
        detailed = got.details;
        if (got.details) this.lastDetails = performance.now();
        this.events.onData();
        const now = performance.now();
        if (fast) {
          // Aim at ~80 ms of worker time per chunk: few messages, but the charts still move smoothly.
          const spent = Math.max(1, now - Math.max(last, got.t));
          this.adaptive = Math.max(1, Math.min(120, Math.round((got.n * 80) / spent)));
        } else {
          const wait = (got.n * 1000) / speed - (now - got.t);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        last = performance.now();
      }
    } finally {
      // Chunks still in flight (a pause): apply them, in order, so the screen has every day the workers sent.
      for (const q of queue.splice(0)) {
        const got = await q;
        if (gen === this.gen) got.frames.forEach((f, i) => applyFrame(got.runs[i].run, f));
        detailed = got.details;
      }
      // Paused on a chunk without flows and map data: fetch them for the day shown (no step).
      if (gen === this.gen && !main.done && !detailed) await this.advance(0, true, gen);
      if (gen === this.gen) this.events.onData();
    }
  }

  async pause(): Promise<void> {
    this.playing = false;
    if (this.loop) await this.loop;
    this.loop = undefined;
  }

  /** Play to the end as fast as possible and resolve when done. */
  async runToEnd(): Promise<void> {
    await this.pause();
    const speed = this.speed;
    this.speed = Infinity;
    this.play();
    await this.loop;
    this.speed = speed;
    this.events.onState();
  }

  clearReplications(): void {
    this.repGen++;
    this.reps = undefined;
    this.repProgress = undefined;
  }

  /** Run n replications (seeds seed … seed+n−1) of the edited run, and of the baseline in compare mode. */
  async replicate(n: number, names: string[]): Promise<void> {
    if (!this.main) return;
    const gen = ++this.repGen;
    const seeds = Array.from({ length: n }, (_, i) => (this.main!.spec.seed + i) >>> 0);
    const compare = this.mode === 'compare' && !!this.base;
    const jobs = seeds.flatMap((seed) => [
      { arm: 'main' as const, spec: { ...this.main!.spec, seed } },
      ...(compare ? [{ arm: 'base' as const, spec: { ...this.base!.spec, seed } }] : []),
    ]);
    this.repProgress = { done: 0, n: jobs.length };
    this.events.onState();
    const outs = await runPool(jobs, poolSize(jobs.length), (e, job) => e.api.runAll(job.spec, names), (done) => {
      if (gen !== this.repGen) return;
      this.repProgress = { done, n: jobs.length };
      this.events.onState();
    });
    if (gen !== this.repGen) return;
    const days = this.main.horizon;
    const mainOuts = outs.filter((_, i) => jobs[i].arm === 'main');
    const baseOuts = outs.filter((_, i) => jobs[i].arm === 'base');
    const digests = mainOuts.map((o) => o.manifest.digest);
    // The bands come from the engine's statistics, in a worker (the series are handed over, not copied).
    const buffers = [...mainOuts, ...baseOuts].flatMap((o) => Object.values(o.values).map((a) => a.buffer as ArrayBuffer));
    const set = await this.engines.main.api.bands(
      Comlink.transfer(mainOuts.map((o) => o.values), buffers),
      compare ? baseOuts.map((o) => o.values) : undefined,
      days,
    );
    if (gen !== this.repGen) return;
    this.reps = { n, seeds, digests, ...set };
    this.repProgress = undefined;
    this.events.onData();
    this.events.onState();
  }

  async gridQueue(grid: number) {
    return this.engines.main.api.gridQueue(grid);
  }

  /** A digest computed by a fresh worker (test hook; independent of what is on screen). */
  static async digestOf(spec: RunSpec): Promise<string> {
    const e = createEngine();
    try {
      return await e.api.digest(spec);
    } finally {
      e.terminate();
    }
  }
}
