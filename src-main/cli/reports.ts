// noc report overage --month YYYY-MM [--email], and import-usage for stores whose
// bandwidth figures come from another collector.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { monthSchema } from '../../shared/schemas/notifications';
import { localActor } from '../core/create-core';
import { importUsage } from '../domains/notifications/overage';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';
import { resolveServer } from './customers';

function month(value: string): string {
  if (!monthSchema.safeParse(value).success) throw new UsageError(`--month takes YYYY-MM (e.g. 2026-01), not ${value}.`);
  return value;
}

export function registerReportCommands(program: Command): void {
  const cmd = program.command('report').description('billing reports');

  withStoreOptions(cmd.command('overage').description('customers over their committed bandwidth in a month (95th percentile)'))
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--email', 'also e-mail it to the staff addresses (queued; the running app sends it)')
    .action(action(async (opts: StoreOptions & { month: string; email?: boolean }) => {
      const m = month(opts.month);
      const core = openCore(opts);
      try {
        const api = core.router.createCaller(core.createContext(localActor()));
        const r = await api.notifications.overage({ month: m, email: Boolean(opts.email) });
        print(opts, r, () => [
          `Overage ${r.month} (usage: ${r.source})`,
          table(r.lines.map((l) => ({ customer: l.customerName, commit: l.committedMbps, p95: l.p95Mbps, over: l.overMbps, pct: `${l.percent.toFixed(0)} %` })), ['customer', 'commit', 'p95', 'over', 'pct']),
          `${r.lines.length} over commit; ${r.customersChecked} customers checked, ${r.withoutData} without usage data.`,
        ].join('\n'));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cmd.command('import-usage').description('import monthly 95th percentiles per server from CSV (server,p95_mbps)'))
    .requiredOption('--month <YYYY-MM>', 'the month')
    .requiredOption('--file <csv>', 'CSV with a header: server,p95_mbps')
    .action(action(async (opts: StoreOptions & { month: string; file: string }) => {
      const m = month(opts.month);
      const records = parse(readFileSync(opts.file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
      const core = openCore(opts);
      try {
        const rows = records.map((r, i) => {
          const p95 = Number(r.p95_mbps);
          if (!r.server || !Number.isFinite(p95) || p95 < 0) throw new UsageError(`Line ${i + 2} of ${opts.file}: expected server,p95_mbps (a number ≥ 0).`);
          return { deviceId: resolveServer(core.services.store, r.server), p95Mbps: p95 };
        });
        const n = importUsage(core.services.store, m, rows, `import:${opts.file}`);
        print(opts, { imported: n }, () => `Imported ${n} figures for ${m}.`);
      } finally {
        core.close();
      }
    }));
}
