// noc ipam find|next-free|import|export|report — through the same router as the apps, as the local user.
import { readFileSync } from 'node:fs';
import { TRPCError } from '@trpc/server';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { IMPORT_FORMAT_VALUES, SECURITY_ZONE_VALUES, type ImportFormat, type SecurityZone } from '../../shared/ipam-choices';
import type { AddressDetail, ArinReport, ImportProgress } from '../../shared/ipam-types';
import { localActor } from '../core/create-core';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';

type VrfOption = StoreOptions & { vrf: string };

/** The router's input errors as one sentence (zod's own message is JSON). */
async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof TRPCError && err.cause instanceof ZodError) throw new UsageError(err.cause.issues.map((i) => i.message).join(' '));
    throw err;
  }
}

export function registerIpamCommands(program: Command): void {
  const ipam = program.command('ipam').description('IP addresses, prefixes, VLANs, allocation and the ARIN report');

  withStoreOptions(ipam.command('find').description('who has an address, since when and why').argument('<address>'))
    .option('--vrf <name>', 'VRF (default: the global table)', '')
    .action(action(async (address: string, opts: VrfOption) => {
      const core = openCore(opts);
      try {
        const caller = core.router.createCaller(core.createContext(localActor()));
        const detail = await call(caller.ipam.find({ address, vrf: opts.vrf }));
        print(opts, detail, () => describeAddress(detail));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(ipam.command('next-free').description('the next free address (or prefix of --size) in a pool, without taking it').argument('<prefix>', 'pool, like 203.0.113.0/24'))
    .option('--size <length>', 'a free prefix of this length (e.g. 29) instead of an address')
    .option('--customer <id>', 'prefer the block next to this customer\'s addresses')
    .option('--zone <zone>', `the zone the pool must be in (${SECURITY_ZONE_VALUES.join(', ')})`)
    .option('--vrf <name>', 'VRF (default: the global table)', '')
    .action(action(async (pool: string, opts: VrfOption & { size?: string; customer?: string; zone?: string }) => {
      const length = opts.size === undefined ? undefined : Number(opts.size.replace(/^\//, ''));
      if (length !== undefined && (!Number.isInteger(length) || length < 0 || length > 128)) throw new UsageError(`--size ${opts.size} is not a prefix length (0–128).`);
      if (opts.zone && !SECURITY_ZONE_VALUES.includes(opts.zone as SecurityZone)) throw new UsageError(`Unknown zone ${opts.zone}; use one of ${SECURITY_ZONE_VALUES.join(', ')}.`);
      const core = openCore(opts);
      try {
        const caller = core.router.createCaller(core.createContext(localActor()));
        const r = await call(caller.ipam.nextFree({ pool, vrf: opts.vrf, length, customerId: opts.customer ?? null, zone: opts.zone as SecurityZone | undefined }));
        print(opts, r, () => r.address ?? r.prefix ?? '');
      } finally {
        core.close();
      }
    }));

  withStoreOptions(ipam.command('import').description('import a NetBox or phpIPAM CSV file, all or nothing').argument('<file>'))
    .requiredOption('--format <format>', IMPORT_FORMAT_VALUES.join('|'))
    .option('--dry-run', 'show what would change and change nothing')
    .option('--vrf <name>', 'VRF for rows without a vrf column (phpIPAM)', '')
    .action(action(async (file: string, opts: VrfOption & { format: string; dryRun?: boolean }) => {
      if (!IMPORT_FORMAT_VALUES.includes(opts.format as ImportFormat)) throw new UsageError(`Unknown format ${opts.format}; use one of ${IMPORT_FORMAT_VALUES.join(', ')}.`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
      }
      const core = openCore(opts);
      try {
        // Straight to the service: files of any size (the router takes up to 900 KB per message).
        const report = core.services.ipam.transfer.importCsv({ actor: localActor() }, { format: opts.format as ImportFormat, text, dryRun: Boolean(opts.dryRun), vrf: opts.vrf }, undefined, progressPrinter());
        print(opts, report, () => [
          `${report.dryRun ? 'Dry run: would create' : 'Created'} ${report.created}, ${report.dryRun ? 'update' : 'updated'} ${report.updated}, ${report.unchanged} unchanged (${report.rows} rows, ${(report.elapsedMs / 1000).toFixed(1)} s).`,
          ...report.changes.slice(0, 50).map((c) => `  line ${c.line}: ${c.action} ${c.kind} ${c.key}${Object.keys(c.changes).length ? ` (${Object.entries(c.changes).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join(', ')})` : ''}`),
          ...(report.changes.length > 50 ? [`  … and ${report.created + report.updated - 50} more`] : []),
          ...(report.dryRun ? ['Nothing was changed. Run again without --dry-run to apply.'] : []),
        ].join('\n'));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(ipam.command('export').description('export as NetBox or phpIPAM CSV (to stdout)'))
    .requiredOption('--format <format>', IMPORT_FORMAT_VALUES.join('|'))
    .option('--vrf <name>', 'only this VRF')
    .action(action(async (opts: StoreOptions & { format: string; vrf?: string }) => {
      if (!IMPORT_FORMAT_VALUES.includes(opts.format as ImportFormat)) throw new UsageError(`Unknown format ${opts.format}; use one of ${IMPORT_FORMAT_VALUES.join(', ')}.`);
      const core = openCore(opts);
      try {
        process.stdout.write(core.services.ipam.transfer.exportCsv(opts.format as ImportFormat, opts.vrf));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(ipam.command('report').description('the ARIN utilisation report of a block').argument('<prefix>', 'the block, like 203.0.112.0/22'))
    .option('--format <format>', 'csv or text', 'text')
    .option('--vrf <name>', 'VRF (default: the global table)', '')
    .action(action(async (block: string, opts: VrfOption & { format: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'text') throw new UsageError(`Unknown format ${opts.format}; use csv or text.`);
      const core = openCore(opts);
      try {
        const caller = core.router.createCaller(core.createContext(localActor()));
        if (opts.format === 'csv' && !opts.json) {
          process.stdout.write(await call(caller.ipam.arinCsv({ block, vrf: opts.vrf })));
          return;
        }
        const report = await call(caller.ipam.arinReport({ block, vrf: opts.vrf }));
        print(opts, report, () => describeReport(report));
      } finally {
        core.close();
      }
    }));
}

/** Progress on stderr (stdout stays clean for --json): one line per step, overwritten on a terminal. */
function progressPrinter(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    const text = p.phase === 'parse' ? `read ${p.total} rows` : p.phase === 'apply' ? `applied ${p.done} of ${p.total} rows (${Math.floor((p.done / p.total) * 100)} %)` : `done: ${p.total} rows`;
    process.stderr.write(tty ? `\r${text.padEnd(60)}${p.phase === 'done' ? '\n' : ''}` : `${text}\n`);
  };
}

function describeAddress(d: AddressDetail): string {
  const lines = [`${d.address}${d.vrf ? ` (VRF ${d.vrf})` : ''}  ${d.status}`];
  lines.push(`  prefix   ${d.prefix ? `${d.prefix.prefix}${d.prefix.description ? ` — ${d.prefix.description}` : ''} (${d.prefix.zone})` : 'none'}`);
  if (d.ancestors.length) lines.push(`  within   ${d.ancestors.map((p) => p.prefix).join(' ⊂ ')}`);
  if (d.holder) {
    const who = [d.holder.deviceName ? `${d.holder.deviceName}${d.holder.interface ? ` ${d.holder.interface}` : ''}` : null, d.holder.customerId ? `customer ${d.holder.customerName ?? d.holder.customerId}` : null, d.holder.rentalId ? `rental ${d.holder.rentalId}` : null].filter(Boolean);
    lines.push(`  holder   ${who.join(', ')}`);
  }
  if (d.record?.dnsName) lines.push(`  dns      ${d.record.dnsName}`);
  if (d.since) lines.push(`  since    ${d.since}`);
  if (d.justification) lines.push(`  why      ${d.justification}`);
  if (d.note) lines.push(`  note     ${d.note}`);
  if (d.history.length) {
    lines.push('history:');
    for (const h of d.history) lines.push(`  ${h.at}  ${h.actor}  ${h.action}${h.reason ? `  "${h.reason}"` : ''}`);
  }
  return lines.join('\n');
}

function describeReport(r: ArinReport): string {
  return [
    `ARIN utilisation of ${r.block.prefix}${r.block.vrf ? ` (VRF ${r.block.vrf})` : ''} — ${r.generatedAt}`,
    `  total ${r.total}   assigned ${r.assigned} (${r.assignedPercent.toFixed(2)} %)   reserved ${r.reserved} (${r.reservedPercent.toFixed(2)} %)   free ${r.free}`,
    '',
    table(r.assignments.map((a) => ({ assignment: a.assignment, size: a.size, customer: a.customerName ?? a.customerId ?? '', device: a.deviceName ?? '', since: a.assignedAt?.slice(0, 10) ?? '', swip: a.swip ? 'SWIP' : '', justification: a.missingJustification ? '(missing)' : a.justification })),
      ['assignment', 'size', 'customer', 'device', 'since', 'swip', 'justification']),
  ].join('\n');
}
