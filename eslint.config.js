// Lint: the layers of DESIGN.md are enforced here, not by goodwill.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs', 'path', 'os', 'net', 'dgram', 'http', 'https', 'crypto', 'child_process', 'stream', 'events',
  'url', 'util', 'zlib', 'tls', 'worker_threads', 'readline', 'buffer', 'timers', 'perf_hooks', 'dns',
];
const nodeBuiltinPatterns = [...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `node:${m}`), 'node:*'];

const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'release/**', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', window: 'readonly', document: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', structuredClone: 'readonly', setImmediate: 'readonly', localStorage: 'readonly', navigator: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', WebSocket: 'readonly', Audio: 'readonly', KeyboardEvent: 'readonly', HTMLElement: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
    },
  },
  // shared/ is our "common": no Node, no DOM packages, no Electron, nothing from the sides.
  layer(['shared/**/*.ts'], [...nodeBuiltinPatterns, 'electron', 'react', 'react-dom', '**/src-main/**', '**/src-renderer/**', 'better-sqlite3', 'pg', 'net-snmp', 'node-pty'],
    'shared/ is imported by both sides: it may not import Node, Electron, the DOM or either side.'),
  // The renderer: browser packages and shared/ only; the API comes in as a type.
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltinPatterns, 'electron', 'better-sqlite3', 'pg', 'net-snmp', 'node-pty'], message: 'The renderer runs in a browser: no Node or Electron modules.' },
          { group: ['**/src-main/**'], allowTypeImports: true, message: 'The renderer imports the API only as `import type { AppRouter }`.' },
        ],
      }],
    },
  },
  // Only the Electron host imports electron.
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/hosts/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'electron/*'], message: 'Only src-main/hosts/electron imports electron.' },
        { group: ['**/src-renderer/**'], message: 'src-main never imports the renderer.' },
      ] }],
    },
  },
  // Protocols are libraries: no domains, store, pollers, alarms or hosts.
  layer(['src-main/protocols/**/*.ts'], ['electron', '**/domains/**', '**/store/**', '**/pollers/**', '**/alarms/**', '**/core/**', '**/hosts/**', '**/sync/**', '**/shared/**'],
    'protocols/ are self-contained libraries: they import neither domains nor the store.'),
);
