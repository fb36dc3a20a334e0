// What a command may touch: where it prints, whether stderr is a terminal, the working
// directory and a cancellation signal. main() fills it from the process; tests pass their own,
// so every command runs in-process without spawning.
import { ScenarioError } from '../../sim/scenario.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  /** Stream a progress bar writes to (stderr by default). */
  progressStream?: NodeJS.WritableStream;
  cwd: string;
  /** Aborted on Ctrl-C (experiments stop dispatching and keep what finished). */
  signal?: AbortSignal;
  env: Record<string, string | undefined>;
  /**
   * Take over Ctrl-C while an experiment runs: the first press aborts the signal (finished runs
   * are kept), a second one quits at once. Without it, `signal` (if any) is used.
   */
  trapInterrupt?: () => { signal: AbortSignal; dispose(): void };
}

/** Exit codes: 0 done, 1 internal error, 2 bad input, 3 some runs failed, 130 interrupted. */
export const EXIT = { ok: 0, internal: 1, usage: 2, partial: 3, interrupted: 130 } as const;

/**
 * An error the user can fix: bad input, a missing file, a conflict. Printed as its message
 * (never a stack trace). `field`, `value` and `expected` say what was wrong.
 */
export class UserError extends Error {
  readonly field?: string;
  readonly value?: unknown;
  readonly expected?: string;
  readonly exitCode: number;
  constructor(message: string, opts: { field?: string; value?: unknown; expected?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.field = opts.field;
    this.value = opts.value;
    this.expected = opts.expected;
    this.exitCode = opts.exitCode ?? EXIT.usage;
  }
}

/** Turn a ScenarioError (engine validation) into one readable block, one line per problem. */
export function describeScenarioError(e: ScenarioError, where?: string): string {
  const head = where ? `invalid ${where}:` : 'invalid input:';
  const lines = e.problems.map((p) => {
    const parts = [`  ${p.path || '(top level)'}: ${p.message}`];
    if (p.expected && !p.message.includes(p.expected)) parts.push(`(expected ${p.expected})`);
    return parts.join(' ');
  });
  return [head, ...lines].join('\n');
}

export function userErrorFromScenario(e: ScenarioError, where?: string): UserError {
  const first = e.problems[0];
  return new UserError(describeScenarioError(e, where), { field: first?.path, value: first?.value, expected: first?.expected });
}
