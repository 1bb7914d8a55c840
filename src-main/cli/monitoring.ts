// noc monitor add|list|poll|link|group|credential and noc alarms list|ack|show|maintenance — through the same router as the
// apps, as the local user. `noc snmp poll|walk` (one-off, no store) is the SNMP library's.
import type { Command } from 'commander';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { localActor, type Core } from '../core/create-core';
import { createCore } from '../core/create-core';
import type { AlarmView } from '../../shared/monitoring-types';
import { action, openCore, print, table, UsageError, withStoreOptions, type StoreOptions } from './common';

/** "10.0.0.2", "10.0.0.2:1161", "[::1]:161", "sw1.example.net:161" → host and port. */
export function parseHostPort(s: string): { address: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return { address: bracket[1]!, port: bracket[2] ? Number(bracket[2]) : 161 };
  const colons = (s.match(/:/g) ?? []).length;
  if (colons === 1) {
    const [host, port] = s.split(':') as [string, string];
    if (!/^\d+$/.test(port)) throw new UsageError(`"${port}" is not a port number (HOST[:PORT], e.g. 10.0.0.2:161).`);
    return { address: host, port: Number(port) };
  }
  return { address: s, port: 161 }; // a bare IPv6 address has many colons and no port
}

/** The router's refusals, as one line per field. */
function explain(err: unknown): never {
  if (err instanceof TRPCError && err.cause instanceof ZodError) {
    throw new UsageError(err.cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n     '));
  }
  throw err;
}

function caller(core: Core) {
  return core.router.createCaller(core.createContext(localActor()));
}

function resolveDevice(core: Core, ref: string): string {
  const rows = core.services.store.prepare(`SELECT id FROM devices WHERE deleted = 0 AND (id = ? OR name = ? COLLATE NOCASE) LIMIT 2`).all(ref, ref) as Array<{ id: string }>;
  if (rows.length === 0) throw new UsageError(`No device called ${ref}. Try \`noc inventory list --text ${ref}\`.`);
  if (rows.length > 1) throw new UsageError(`More than one device is called ${ref}; give its id.`);
  return rows[0]!.id;
}

function resolveCredential(core: Core, ref: string): string {
  const hits = core.services.monitoring.credentials().filter((c) => c.id === ref || c.name.toLowerCase() === ref.toLowerCase());
  if (hits.length === 0) throw new UsageError(`No credential group called ${ref}. See \`noc monitor credential list\`, or make one with \`noc monitor credential add\`.`);
  return hits[0]!.id;
}

const ago = (ms: number, now: number) => {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
};

function alarmRows(alarms: AlarmView[], now: number) {
  return alarms.map((a) => ({
    state: a.state, what: a.label, since: ago(a.since, now), message: a.message.slice(0, 60),
    affected: a.affected.length || '', ack: a.ack ? `${a.ack.by}: ${a.ack.comment}`.slice(0, 30) : a.clearedAt ? '' : 'NO', id: a.id,
  }));
}

export function registerMonitoringCommands(program: Command): void {
  const mon = program.command('monitor').description('devices polled over SNMP and their checks');

  withStoreOptions(mon.command('add').description('poll a device (a switch by default) by address and community').argument('<host[:port]>', 'address of the SNMP agent'))
    .option('--community <c>', 'SNMP v2c community')
    .option('--v3-user <user>', 'SNMPv3 user (with --auth-key, and --priv-key for authPriv)')
    .option('--auth-key <key>', 'SNMPv3 authentication pass phrase (SHA)')
    .option('--priv-key <key>', 'SNMPv3 privacy pass phrase (AES)')
    .option('--name <name>', 'name of the new inventory device (default: the address)')
    .option('--device <id-or-name>', 'monitor an existing inventory device instead')
    .option('--type <type>', 'type of the new device (switch, server, pdu, other)', 'switch')
    .option('--interval <seconds>', 'poll interval (at least 10)', '60')
    .option('--parent <id-or-name>', 'the device this one hangs off (its switch)')
    .option('--credential <group>', 'use a credential group (see `noc monitor credential list`) instead of --community/--v3-user')
    .action(action(async (hostPort: string, opts: StoreOptions & { community?: string; v3User?: string; authKey?: string; privKey?: string; name?: string; device?: string; type: string; interval: string; parent?: string; credential?: string }) => {
      const { address, port } = parseHostPort(hostPort);
      if (!/^\d+$/.test(opts.interval)) throw new UsageError(`--interval takes whole seconds (at least 10), not "${opts.interval}".`);
      const given = [opts.community, opts.v3User, opts.credential].filter((x) => x !== undefined).length;
      if (given === 0) throw new UsageError('Give --community (SNMP v2c), --v3-user with --auth-key (SNMPv3), or --credential GROUP.');
      if (given > 1) throw new UsageError('Give only one of --community, --v3-user and --credential.');
      const core = openCore(opts);
      try {
        const v3 = opts.v3User ? { user: opts.v3User, authKey: opts.authKey, privKey: opts.privKey } : undefined;
        const input = {
          address, port, community: opts.community, v3, name: opts.name, type: opts.type as 'switch',
          credentialId: opts.credential ? resolveCredential(core, opts.credential) : undefined,
          deviceId: opts.device ? resolveDevice(core, opts.device) : undefined,
          parentDeviceId: opts.parent ? resolveDevice(core, opts.parent) : null,
          intervalS: Number(opts.interval),
        };
        const view = await caller(core).monitoring.add(input).catch(explain);
        print(opts, view, () => `Monitoring ${view.name} at ${view.address}:${view.port} every ${view.intervalS} s (SNMP ${view.credential?.version}). Device id ${view.deviceId}.`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(mon.command('list').description('monitored devices'))
    .action(action(async (opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const list = await caller(core).monitoring.list();
        print(opts, list, () => table(list.map((m) => ({ name: m.name, address: `${m.address}:${m.port}`, snmp: m.credential?.version ?? '-', every: `${m.intervalS}s`, parent: m.parentName ?? '', enabled: m.enabled ? 'yes' : 'no', id: m.deviceId })), ['name', 'address', 'snmp', 'every', 'parent', 'enabled', 'id']));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(mon.command('poll').description('poll a monitored device once now and show what it answered').argument('<id-or-name>'))
    .action(action(async (ref: string, opts: StoreOptions) => {
      // a core with the pollers on (no trap receiver), just for this poll
      const core = createCore({ dataDir: opts.data, monitoring: { enabled: true, trapPort: null } });
      try {
        const id = resolveDevice(core, ref);
        for (let i = 0; i < 50 && !core.services.pollers.isRunning; i++) await new Promise((r) => setTimeout(r, 10));
        await core.services.pollers.pollNow(id);
        const state = core.services.pollers.liveState(id);
        const lv = core.services.pollers.live.peek(id);
        const detail = core.services.monitoring.detail(id);
        print(opts, { state, sysName: lv?.sysName, interfaces: detail.interfaces.length }, () => [
          `${detail.monitored?.name ?? ref}: ${state?.state ?? 'not monitored'}${state?.message ? ` — ${state.message}` : ''}`,
          lv?.sysName ? `  sysName ${lv.sysName}; ${detail.interfaces.length} interfaces stored` : '',
        ].filter(Boolean).join('\n'));
      } finally {
        await core.services.pollers.stop();
        core.close();
      }
    }));

  withStoreOptions(mon.command('link').description('link a switch port to the device plugged into it (and set its commit)')
    .argument('<switch>', 'the switch (id or name)').argument('<port>', 'interface name (xe-0/0/12) or ifIndex').argument('[device]', 'the device at the other end (id or name); "-" unlinks'))
    .option('--commit <mbps>', 'committed rate in Mbit/s for bandwidth alarms at 80/100/101 % ("none" removes it)')
    .option('--alarm-on-down', 'raise an alarm when this link goes down')
    .option('--no-alarm-on-down', 'no alarm when this link goes down')
    .action(action(async (sw: string, portRef: string, deviceRef: string | undefined, opts: StoreOptions & { commit?: string; alarmOnDown?: boolean }) => {
      const core = openCore(opts);
      try {
        const switchId = resolveDevice(core, sw);
        const ifs = core.services.monitoring.repo.interfacesOf(switchId);
        if (ifs.length === 0) throw new UsageError(`${sw} has no interfaces stored yet: poll it first (\`noc monitor poll ${sw}\`).`);
        const port = ifs.find((i) => i.name === portRef || String(i.ifIndex) === portRef);
        if (!port) throw new UsageError(`${sw} has no interface ${portRef}. It has: ${ifs.slice(0, 12).map((i) => i.name || i.ifIndex).join(', ')}${ifs.length > 12 ? ', …' : ''}.`);
        if (opts.commit !== undefined && opts.commit !== 'none' && !/^\d+(\.\d+)?$/.test(opts.commit)) throw new UsageError(`--commit takes Mbit/s (e.g. 1000) or "none", not "${opts.commit}".`);
        const linked = deviceRef === undefined ? undefined : deviceRef === '-' ? null : resolveDevice(core, deviceRef);
        const out = await caller(core).monitoring.updateInterface({
          id: port.id, linkedDeviceId: linked,
          committedMbps: opts.commit === undefined ? undefined : opts.commit === 'none' ? null : Number(opts.commit),
          alarmOnDown: opts.alarmOnDown,
        }).catch(explain);
        print(opts, out, () => `${sw} ${out.name || out.ifIndex}: linked to ${out.linkedDeviceId ?? 'nothing'}, commit ${out.committedMbps ?? 'none'} Mbit/s, alarm when down: ${out.alarmOnDown || out.linkedDeviceId !== null ? 'yes' : 'no'}.`);
      } finally {
        core.close();
      }
    }));

  const cred = mon.command('credential').description('credential groups: one community or SNMPv3 user shared by many devices (sealed at rest)');

  withStoreOptions(cred.command('add').description('a credential group: --community, or --v3-user with --auth-key (and --priv-key)').argument('<name>'))
    .option('--community <c>', 'SNMP v2c community')
    .option('--v3-user <user>', 'SNMPv3 user')
    .option('--auth-key <key>', 'SNMPv3 authentication pass phrase (SHA)')
    .option('--priv-key <key>', 'SNMPv3 privacy pass phrase (AES)')
    .action(action(async (name: string, opts: StoreOptions & { community?: string; v3User?: string; authKey?: string; privKey?: string }) => {
      if (!opts.community === !opts.v3User) throw new UsageError('Give either --community (SNMP v2c) or --v3-user with --auth-key (SNMPv3).');
      const core = openCore(opts);
      try {
        const v3 = opts.v3User ? { user: opts.v3User, authKey: opts.authKey, privKey: opts.privKey } : undefined;
        const g = await caller(core).monitoring.createCredentialGroup({ name, community: opts.community, v3 }).catch(explain);
        print(opts, g, () => `Credential group "${g.name}" (SNMP ${g.version}${g.user ? `, user ${g.user}` : ''}). Use it with \`noc monitor add HOST --credential "${g.name}"\`.`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cred.command('list').description('credential groups and how many devices use each (secrets are never shown)'))
    .action(action(async (opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const list = await caller(core).monitoring.credentials();
        print(opts, list, () => table(list.map((c) => ({ name: c.name, snmp: c.version, user: c.user, devices: c.devices, id: c.id })), ['name', 'snmp', 'user', 'devices', 'id']));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(cred.command('remove').description('remove a credential group no device uses').argument('<name-or-id>'))
    .action(action(async (ref: string, opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const id = resolveCredential(core, ref);
        await caller(core).monitoring.removeCredentialGroup({ id }).catch(explain);
        print(opts, { removed: id }, () => `Credential group ${ref} removed.`);
      } finally {
        core.close();
      }
    }));

  const group = mon.command('group').description("a customer's set of ports with one commit: bandwidth alarms at 80/100/101 % of their sum");

  withStoreOptions(group.command('add').description('group ports (on one or more switches) under one commit')
    .argument('<name>').argument('<port...>', 'SWITCH:PORT, e.g. sw1:xe-0/0/1 (interface name or ifIndex)'))
    .requiredOption('--commit <mbps>', 'committed rate of the ports together, in Mbit/s')
    .option('--customer <id-or-name>', 'the customer whose ports these are')
    .action(action(async (name: string, refs: string[], opts: StoreOptions & { commit: string; customer?: string }) => {
      if (!/^\d+(\.\d+)?$/.test(opts.commit) || Number(opts.commit) <= 0) throw new UsageError(`--commit takes Mbit/s (e.g. 1000), not "${opts.commit}".`);
      const core = openCore(opts);
      try {
        const interfaceIds = refs.map((ref) => {
          const at = ref.indexOf(':');
          if (at <= 0 || at === ref.length - 1) throw new UsageError(`"${ref}" is not SWITCH:PORT (e.g. sw1:xe-0/0/1).`);
          const sw = ref.slice(0, at);
          const portRef = ref.slice(at + 1);
          const ifs = core.services.monitoring.repo.interfacesOf(resolveDevice(core, sw));
          const port = ifs.find((i) => i.name === portRef || String(i.ifIndex) === portRef);
          if (!port) throw new UsageError(ifs.length === 0 ? `${sw} has no interfaces stored yet: poll it first (\`noc monitor poll ${sw}\`).` : `${sw} has no interface ${portRef}. It has: ${ifs.slice(0, 12).map((i) => i.name || i.ifIndex).join(', ')}${ifs.length > 12 ? ', …' : ''}.`);
          return port.id;
        });
        let customerId: string | null = null;
        if (opts.customer) {
          const rows = core.services.store.prepare(`SELECT id FROM customers WHERE deleted = 0 AND (id = ? OR name = ? COLLATE NOCASE OR email = ? COLLATE NOCASE) LIMIT 2`).all(opts.customer, opts.customer, opts.customer) as Array<{ id: string }>;
          if (rows.length !== 1) throw new UsageError(rows.length ? `More than one customer is called ${opts.customer}; give its id.` : `No customer called ${opts.customer}. Try \`noc customers list\`.`);
          customerId = rows[0]!.id;
        }
        const g = await caller(core).monitoring.createPortGroup({ name, customerId, interfaceIds, committedMbps: Number(opts.commit) }).catch(explain);
        print(opts, g, () => `Port group "${g.name}": ${g.interfaceIds.length} port(s), commit ${g.committedMbps} Mbit/s together; alarms at 80, 100 and 101 %.`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(group.command('list').description("customers' port groups"))
    .action(action(async (opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const list = await caller(core).monitoring.portGroups();
        print(opts, list, () => table(list.map((g) => ({ name: g.name, ports: g.interfaceIds.length, commit: `${g.committedMbps} Mbit/s`, customer: g.customerId ?? '', id: g.id })), ['name', 'ports', 'commit', 'customer', 'id']));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(group.command('remove').description('remove a port group (its bandwidth alarm clears)').argument('<id>'))
    .action(action(async (id: string, opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        await caller(core).monitoring.removePortGroup({ id }).catch(explain);
        print(opts, { removed: id }, () => `Port group ${id} removed.`);
      } finally {
        core.close();
      }
    }));

  const alarms = program.command('alarms').description('active alarms, their history, acknowledging them');

  withStoreOptions(alarms.command('list').description('active alarms, worst and newest first'))
    .option('--all', 'every alarm, cleared ones too (newest first)')
    .option('--device <id-or-name>', 'only this device')
    .option('--limit <n>', 'how many', '100')
    .action(action(async (opts: StoreOptions & { all?: boolean; device?: string; limit: string }) => {
      const core = openCore(opts);
      try {
        const c = caller(core);
        const deviceId = opts.device ? resolveDevice(core, opts.device) : undefined;
        const list = opts.all || deviceId ? await c.alarms.list({ active: opts.all ? undefined : true, deviceId, limit: Number(opts.limit) }) : await c.alarms.active();
        print(opts, list, () => table(alarmRows(list, core.services.clock.now()), ['state', 'what', 'since', 'message', 'affected', 'ack', 'id']));
      } finally {
        core.close();
      }
    }));

  withStoreOptions(alarms.command('ack').description('acknowledge an alarm: you are on it').argument('<alarm-id>'))
    .requiredOption('--comment <text>', 'what is being done about it')
    .action(action(async (id: string, opts: StoreOptions & { comment: string }) => {
      const core = openCore(opts);
      try {
        const a = await caller(core).alarms.ack({ id, comment: opts.comment }).catch(explain);
        print(opts, a, () => `Acknowledged ${a.label} (${a.state}) as ${a.ack?.by}: ${a.ack?.comment}`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(alarms.command('show').description('one alarm with its timeline').argument('<alarm-id>'))
    .action(action(async (id: string, opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const c = caller(core);
        const timeline = await c.alarms.timeline({ id });
        if (timeline.length === 0) throw new UsageError(`No alarm with id ${id}. See \`noc alarms list --all\`.`);
        print(opts, timeline, () => timeline.map((e) => `${new Date(e.at).toISOString()}  ${e.kind.padEnd(17)} ${(e.state ?? '').padEnd(11)} ${e.actor}: ${e.detail}`).join('\n'));
      } finally {
        core.close();
      }
    }));

  const maint = alarms.command('maintenance').description('maintenance windows: chosen devices stay silent between two times');

  withStoreOptions(maint.command('add').description('silence devices for a while').argument('<name>').argument('<device...>', 'devices (ids or names)'))
    .option('--from <time>', 'start (ISO time, default now)')
    .option('--hours <n>', 'how long', '2')
    .option('--reason <text>', 'why (kept in the history)', '')
    .action(action(async (name: string, refs: string[], opts: StoreOptions & { from?: string; hours: string; reason: string }) => {
      const start = opts.from ? Date.parse(opts.from) : Date.now();
      if (Number.isNaN(start)) throw new UsageError(`--from takes an ISO time (2026-03-10T22:00:00Z), not "${opts.from}".`);
      if (!/^\d+(\.\d+)?$/.test(opts.hours) || Number(opts.hours) <= 0) throw new UsageError(`--hours takes a positive number, not "${opts.hours}".`);
      const core = openCore(opts);
      try {
        const deviceIds = refs.map((r) => resolveDevice(core, r));
        const w = await caller(core).alarms.addWindow({ name, startsAt: start, endsAt: start + Number(opts.hours) * 3_600_000, deviceIds, reason: opts.reason }).catch(explain);
        print(opts, w, () => `Maintenance "${w.name}": ${w.deviceIds.length} device(s) silent from ${new Date(w.startsAt).toISOString()} to ${new Date(w.endsAt).toISOString()}.`);
      } finally {
        core.close();
      }
    }));

  withStoreOptions(maint.command('list').description('current and coming windows'))
    .action(action(async (opts: StoreOptions) => {
      const core = openCore(opts);
      try {
        const list = await caller(core).alarms.windows();
        print(opts, list, () => table(list.map((w) => ({ name: w.name, from: new Date(w.startsAt).toISOString(), to: new Date(w.endsAt).toISOString(), devices: w.deviceIds.length, by: w.createdBy, id: w.id })), ['name', 'from', 'to', 'devices', 'by', 'id']));
      } finally {
        core.close();
      }
    }));
}
