// Lint setup. Inside sim/ the engine must stay a pure, deterministic function of
// (scenario, seed, version): no clocks, no unseeded randomness, no host APIs, and none of the
// Math functions whose last bit differs between JavaScript engines (use sim/math instead).
import tseslint from 'typescript-eslint';

const engineDependentMath = ['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'pow', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'cbrt', 'hypot', 'random'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'viz/dist/**', 'coverage/**', 'out/**', 'test-artifacts/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['sim/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error',
        ...engineDependentMath.map((property) => ({ object: 'Math', property,
          message: `Math.${property} is not bit-identical across JavaScript engines (or is unseeded); use sim/math.` })),
        { object: 'Date', property: 'now', message: 'No clocks inside sim/.' },
        { object: 'performance', property: 'now', message: 'No clocks inside sim/.' },
      ],
      'no-restricted-globals': ['error',
        ...['Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval',
          'queueMicrotask', 'process', 'require', 'Buffer', 'window', 'document', 'self', 'navigator', 'fetch',
          'crypto', 'localStorage', 'globalThis', 'global', 'XMLHttpRequest', 'Worker', '__dirname', '__filename']
          .map((name) => ({ name, message: `${name} is a host API: sim/ must stay pure and deterministic.` })),
      ],
      // x ** y and Math.pow are not bit-identical across JavaScript engines for every input.
      'no-restricted-syntax': ['error',
        { selector: "BinaryExpression[operator='**']", message: '** is not bit-identical across JavaScript engines: multiply, or use sim/math.' },
        { selector: "AssignmentExpression[operator='**=']", message: '**= is not bit-identical across JavaScript engines: multiply, or use sim/math.' },
      ],
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'worker_threads', 'child_process', 'http', 'https', 'url', 'util', 'events', 'stream'],
          message: 'sim/ may not import Node APIs.' },
        { group: ['../api/*', '../viz/*', '../scenarios/*', '../../api/*', '../../viz/*', '../../scenarios/*'],
          message: 'sim/ imports nothing from the other folders.' },
      ] }],
    },
  },
);
