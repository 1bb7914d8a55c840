// noc inventory list|show|set-status — through the same router as the apps, as the local user.
import type { Command } from 'commander';
import type { Store } from '../store/repository';
import { DEVICE_STATUS_VALUES, DEVICE_TYPE_VALUES, type DeviceStatus, type DeviceType } from '../../shared/choices';
import { localActor } from '../core/create-core';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';

export function registerInventoryCommands(program: Command): void {
  const inv = program.command('inventory').description('servers, VMs, switches and other devices');

  withStoreOptions(inv.command('list').description('list devices'))
    .option('--status <status...>', `filter by status (${DEVICE_STATUS_VALUES.join(', ')})`)
    .option('--type <type...>', `filter by type (${DEVICE_TYPE_VALUES.join(', ')})`)
    .option('--text <text>', 'filter by name, serial, asset tag or IP')
    .option('--limit <n>', 'how many', '100')
    .action(action(async (opts: StoreOptions & { status?: string[]; type?: string[]; text?: string; limit: string }) => {
      for (const s of opts.status ?? []) if (!DEVICE_STATUS_VALUES.includes(s as DeviceStatus)) throw new UsageError(`Unknown status ${s}; use one of ${DEVICE_STATUS_VALUES.join(', ')}.`);
      for (const t of opts.type ?? []) if (!DEVICE_TYPE_VALUES.includes(t as DeviceType)) throw new UsageError(`Unknown type ${t}; use one of ${DEVICE_TYPE_VALUES.join(', ')}.`);
      const core = openCore(opts);
      try {
        const caller = core.router.createCaller(core.createContext(localActor()));
        const result = await caller.inventory.list({ status: opts.status as DeviceStatus[] | undefined, type: opts.type as DeviceType[] | undefined, text: opts.text, limit: Number(opts.limit) });
        print(opts, result, () => `${table(result.rows.map((d) => ({ name: d.name, type: d.type, status: d.status, rack: d.rackName ?? '', U: d.position ?? '', serial: d.serial, id: d.id })), ['name', 'type', 'status', 'rack', 'U', 'serial', 'id'])}\n${result.rows.length} of ${result.total}`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(inv.command('show').description('one device, with its history').argument('<id-or-name>'))
    .action(action(async (ref: string, opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const caller = core.router.createCaller(core.createContext(localActor()));
        const id = resolveDevice(core.services.store, ref);
        const detail = await caller.inventory.get({ id });
        const history = await caller.inventory.history({ id });
        print(opts, { ...detail, history }, () => {
          const d = detail!.device;
          return [
            `${d.name}  (${d.type}, ${d.status})`,
            `  where   ${detail!.site?.name ?? '-'} / ${detail!.rack ? `rack ${detail!.rack.name} U${d.position ?? '-'} ${d.face}` : 'not racked'}`,
            `  serial  ${d.serial || '-'}   asset ${d.assetTag || '-'}   mgmt ${d.mgmtIp || '-'}   ip ${d.primaryIp || '-'}`,
            `  specs   ${d.specs.cpu || '-'}, ${d.specs.ramGb} GB RAM, ${d.specs.storage || '-'}`,
            `  id      ${d.id}`,
            'history:',
            ...history.map((h) => `  ${h.at}  ${h.actor}  ${h.action}${h.reason ? `  "${h.reason}"` : ''}`),
          ].join('\n');
        });
      } finally {
        core.close();
      }
    }));

  withStoreOptions(inv.command('set-status').description('move a device through its lifecycle').argument('<id-or-name>').argument('<status>', DEVICE_STATUS_VALUES.join('|')))
    .requiredOption('--reason <text>', 'why (kept in the audit history)')
    .action(action(async (ref: string, status: string, opts: StoreOptions & { reason: string }) => {
      if (!DEVICE_STATUS_VALUES.includes(status as DeviceStatus)) throw new UsageError(`Unknown status ${status}; use one of ${DEVICE_STATUS_VALUES.join(', ')}.`);
      const core = openCore(opts);
      try {
        const caller = core.router.createCaller(core.createContext(localActor()));
        const device = await caller.inventory.setStatus({ id: resolveDevice(core.services.store, ref), status: status as DeviceStatus, reason: opts.reason });
        print(opts, device, () => `${device.name} is now ${device.status}.`);
      } finally {
        core.close();
      }
    }));
}

/** Accepts an id or an exact (case-insensitive) name. */
function resolveDevice(store: Store, ref: string): string {
  const rows = store.prepare(`SELECT id FROM devices WHERE deleted = 0 AND (id = ? OR name = ? COLLATE NOCASE) LIMIT 2`).all(ref, ref) as Array<{ id: string }>;
  if (rows.length === 0) throw new UsageError(`No device called ${ref}. Try \`noc inventory list --text ${ref}\`.`);
  if (rows.length > 1) throw new UsageError(`More than one device is called ${ref}; give its id.`);
  return rows[0]!.id;
}
