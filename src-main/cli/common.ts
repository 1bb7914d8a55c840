// What every `noc` subcommand shares: which store (--data), machine output (--json),
// and errors printed as one plain sentence with a non-zero exit.
import type { Command } from 'commander';
import { createCore, defaultDataDir, type Core, type CoreConfig } from '../core/create-core';
import { StoreError } from '../store/db';

export interface StoreOptions { data?: string; json?: boolean }

export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', `folder of the local store (default ${defaultDataDir()})`)
    .option('--json', 'machine-readable output');
}

export function openCore(opts: StoreOptions, extra: { token?: string | null; monitoring?: CoreConfig['monitoring'] } = {}): Core {
  return createCore({
    dataDir: opts.data,
    token: extra.token ?? null,
    monitoring: extra.monitoring,
    onMigrate: ({ from, to, backup }) => process.stderr.write(`Upgraded the store from schema ${from} to ${to}; the old file is kept at ${backup}.\n`),
  });
}

export function print(opts: { json?: boolean }, value: unknown, human: () => string): void {
  process.stdout.write(opts.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Runs a command body; known errors become one line on stderr and exit code 1 (2 for usage). */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const message = err instanceof StoreError ? err.message : err instanceof Error ? err.message : String(err);
      process.stderr.write(`noc: ${message}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    }
  };
}

export class UsageError extends Error {}

export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))].join('\n');
}
