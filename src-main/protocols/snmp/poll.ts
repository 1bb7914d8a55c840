// pollDevice: the system group, IF-MIB interface table and HOST-RESOURCES in as few
// round trips as the agent allows.
//
// Request 1 is a GetBulk whose non-repeaters are GetNexts on the four system scalars and
// on the first column of hrProcessorTable and hrStorageTable (probes: does the agent have
// them?), and whose repeaters start the twelve IF-MIB columns. Later requests continue the
// columns still open, plus the HOST-RESOURCES columns when a probe landed inside them.
// A 48-port switch takes ~5-6 requests at max-repetitions 10. An agent without ifXTable
// gets one more short walk of the 32-bit octet counters and ifSpeed.
import type { Clock } from './clock';
import { HR, HR_STORAGE_TYPES, IF_COLUMNS, IF_LEGACY_COLUMNS, instanceOf, isUnder, SYSTEM, type IfColumn } from './oids';
import type { DeviceSession } from './session';
import type { HostResources, InterfaceRow, PollResult, StorageKind, StorageRow, SystemGroup, Varbind } from './types';
import { big, isException, num, text } from './varbind';
import { ColumnWalker, type WalkLimits } from './walker';

export interface PollOptions extends WalkLimits {
  hostResources: boolean;
}

const SYSTEM_KEYS = ['sysDescr', 'sysObjectID', 'sysUpTime', 'sysName'] as const;
const STORAGE_COLUMNS = [HR.hrStorageType, HR.hrStorageDescr, HR.hrStorageAllocationUnits, HR.hrStorageSize, HR.hrStorageUsed];

export async function pollWithSession(session: DeviceSession, clock: Clock, opts: PollOptions): Promise<PollResult> {
  const polledAt = clock.now();
  const t0 = performance.now();
  const walker = new ColumnWalker(session, opts);
  const ifKeys = Object.keys(IF_COLUMNS) as IfColumn[];
  for (const k of ifKeys) walker.add(IF_COLUMNS[k]);

  const probes = [...SYSTEM_KEYS.map((k) => SYSTEM[k]), ...(opts.hostResources ? [HR.hrProcessorLoad, HR.hrStorageType] : [])];
  const first = await walker.step(probes);

  const system: SystemGroup = {};
  SYSTEM_KEYS.forEach((k, i) => {
    const vb = first[i];
    if (!vb || isException(vb) || vb.oid !== `${SYSTEM[k]}.0`) return;
    if (k === 'sysUpTime') system.sysUpTime = num(vb);
    else system[k] = text(vb);
  });

  if (opts.hostResources) {
    const cpu = first[SYSTEM_KEYS.length];
    const storage = first[SYSTEM_KEYS.length + 1];
    if (cpu && !isException(cpu) && isUnder(HR.hrProcessorLoad, cpu.oid)) walker.add(HR.hrProcessorLoad, cpu.oid, [cpu]);
    if (storage && !isException(storage) && isUnder(HR.hrStorageType, storage.oid)) {
      walker.add(HR.hrStorageType, storage.oid, [storage]);
      for (const col of STORAGE_COLUMNS.slice(1)) walker.add(col);
    }
  }
  await walker.run();

  const interfaces = buildInterfaces(ifKeys.map((k) => [k, walker.rows(IF_COLUMNS[k])]));
  let requests = walker.requests;
  const warnings = [...walker.warnings];
  if (interfaces.length > 0 && interfaces.every((r) => r.ifHCInOctets === undefined && r.ifHCOutOctets === undefined)) {
    // no ifXTable (RFC 1213-era agent): fall back to the 32-bit octet counters
    const legacy = new ColumnWalker(session, opts);
    for (const col of Object.values(IF_LEGACY_COLUMNS)) legacy.add(col);
    await legacy.run();
    const rows = new Map(interfaces.map((r) => [r.ifIndex, r]));
    const fill = (col: string, set: (r: InterfaceRow, vb: Varbind) => void) => {
      for (const [i, vb] of byIndex(col, legacy.rows(col))) {
        const r = rows.get(i);
        if (r) set(r, vb);
      }
    };
    fill(IF_LEGACY_COLUMNS.ifInOctets, (r, vb) => (r.ifInOctets = big(vb)));
    fill(IF_LEGACY_COLUMNS.ifOutOctets, (r, vb) => (r.ifOutOctets = big(vb)));
    fill(IF_LEGACY_COLUMNS.ifSpeed, (r, vb) => (r.ifSpeed = num(vb)));
    requests += legacy.requests;
    warnings.push(...legacy.warnings);
  }
  const hostResources = buildHostResources(walker);
  return {
    target: session.label,
    polledAt,
    durationMs: Math.round(performance.now() - t0),
    system,
    interfaces,
    hostResources,
    requests,
    warnings,
  };
}

/** Rows keyed by the single-integer index after the column OID. */
function byIndex(base: string, rows: Varbind[]): Map<number, Varbind> {
  const m = new Map<number, Varbind>();
  for (const vb of rows) {
    const inst = instanceOf(base, vb.oid);
    if (inst === null || !/^\d+$/.test(inst)) continue;
    m.set(Number(inst), vb);
  }
  return m;
}

function buildInterfaces(columns: [IfColumn, Varbind[]][]): InterfaceRow[] {
  const rows = new Map<number, InterfaceRow>();
  const row = (i: number) => {
    let r = rows.get(i);
    if (!r) rows.set(i, (r = { ifIndex: i }));
    return r;
  };
  for (const [key, vbs] of columns) {
    for (const [i, vb] of byIndex(IF_COLUMNS[key], vbs)) {
      const r = row(i);
      switch (key) {
        case 'ifName':
        case 'ifAlias':
        case 'ifDescr':
          r[key] = text(vb);
          break;
        case 'ifOperStatus':
        case 'ifAdminStatus':
        case 'ifHighSpeed':
          r[key] = num(vb);
          break;
        case 'ifHCInOctets':
        case 'ifHCOutOctets':
        case 'ifInErrors':
        case 'ifOutErrors':
        case 'ifInDiscards':
        case 'ifOutDiscards':
          r[key] = big(vb);
          break;
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.ifIndex - b.ifIndex);
}

function buildHostResources(w: ColumnWalker): HostResources {
  const processors = [...byIndex(HR.hrProcessorLoad, w.rows(HR.hrProcessorLoad))]
    .map(([index, vb]) => ({ index, load: num(vb) }))
    .filter((p): p is { index: number; load: number } => p.load !== undefined);

  const cols = STORAGE_COLUMNS.map((c) => byIndex(c, w.rows(c)));
  const [types, descrs, units, sizes, used] = cols as [Map<number, Varbind>, Map<number, Varbind>, Map<number, Varbind>, Map<number, Varbind>, Map<number, Varbind>];
  const storage: StorageRow[] = [...types.keys()].sort((a, b) => a - b).map((index) => {
    const typeOid = text(types.get(index));
    const r: StorageRow = {
      index,
      kind: ((typeOid && HR_STORAGE_TYPES[typeOid]) ?? 'unknown') as StorageKind,
      typeOid,
      descr: text(descrs.get(index)),
      allocationUnits: num(units.get(index)),
      size: num(sizes.get(index)),
      used: num(used.get(index)),
    };
    if (r.allocationUnits !== undefined && r.size !== undefined) r.totalBytes = r.allocationUnits * r.size;
    if (r.allocationUnits !== undefined && r.used !== undefined) r.usedBytes = r.allocationUnits * r.used;
    return r;
  });
  const ram = storage.find((s) => s.kind === 'ram' && s.totalBytes !== undefined && s.usedBytes !== undefined);
  const disks = storage
    .filter((s) => s.kind === 'fixedDisk' && s.totalBytes !== undefined && s.usedBytes !== undefined)
    .map((s) => ({ descr: s.descr ?? `storage ${s.index}`, totalBytes: s.totalBytes!, usedBytes: s.usedBytes! }));
  return {
    processors,
    storage,
    memory: ram ? { totalBytes: ram.totalBytes!, usedBytes: ram.usedBytes! } : undefined,
    disks,
  };
}
