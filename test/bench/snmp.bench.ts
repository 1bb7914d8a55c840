// SNMP poller benchmark (loopback only, bounded): run with `npx tsx test/bench/snmp.bench.ts`.
// Against 2,000 simulated 48-port switches in a helper process (test/bench/agents.ts, one UDP
// socket per agent on 127.1.x.y:26401):
//  1. the app's real poller — createCore with monitoring on: scheduler, SnmpJobs, SNMP client,
//     alarm engine, time series in metrics.sqlite — until discovery has settled, then measured
//     60 s rounds of every device, v2c and then v3 authPriv SHA/AES: this process's CPU
//     (process.cpuUsage, everything in it) and the interfaces polled per second;
//  2. the SNMP library alone, all devices as fast as it goes (128 in flight): its ceiling;
//  3. Net-SNMP's snmpbulkwalk spawned per device (ifTable + ifXTable, the way MRTG/Cacti-style
//     scripts poll) on a sample: CPU per device of the spawned tools, and the ratio.
// Env: SNMP_BENCH_DEVICES (2000), SNMP_BENCH_ROUNDS (1 measured round after discovery),
// SNMP_BENCH_WALK_DEVICES (100), SNMP_BENCH_V3 (1; 0 skips the v3 rounds), SNMP_BENCH_INTERVAL_S (60).
// Writes test/bench/results/snmp.md and snmp.json (read by monitoring.bench.ts). UDP port 26401.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deviceInput } from '../../shared/schemas/inventory';
import { systemClock } from '../../src-main/core/clock';
import { createCore, localActor } from '../../src-main/core/create-core';
import { createSnmpClient, type SnmpTarget } from '../../src-main/protocols/snmp/index';
import { AGENT_PORTS, AGENT_V3, agentAddress } from './agents';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const PORT = 26401;
const N = Math.min(2000, Number(process.env.SNMP_BENCH_DEVICES ?? 2000));
const ROUNDS = Math.max(1, Math.min(5, Number(process.env.SNMP_BENCH_ROUNDS ?? 1)));
const WALK_N = Math.min(N, Number(process.env.SNMP_BENCH_WALK_DEVICES ?? 100));
const V3 = process.env.SNMP_BENCH_V3 !== '0';
const WARMUP_MAX = 6; // discovery rounds before giving up on a settled round
const INTERVAL_S = Math.max(10, Number(process.env.SNMP_BENCH_INTERVAL_S ?? 60)); // 60 for the figures; shorter only for a quick try
const CLK_TCK = 100; // Linux USER_HZ: /proc stat times are in 1/100 s

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** CPU seconds (utime + stime) of a process, or of its waited-for children (cutime + cstime). */
function procCpu(pid: number | 'self', children = false): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return children ? (Number(f[13]) + Number(f[14])) / CLK_TCK : (Number(f[11]) + Number(f[12])) / CLK_TCK; // stat(5) fields 14-17
}

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

// ---- the helper process ----------------------------------------------------------------------

interface Agents { child: ChildProcess; pid: number; stats(): Promise<Record<string, number>>; stop(): Promise<void> }

async function startAgents(): Promise<Agents> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'agents.ts'), String(N), String(PORT)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  let waiter: ((line: string) => void) | null = null;
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiter?.(line);
    }
  });
  const nextLine = (prefix: string, ms: number) => new Promise<string>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`agents: no ${prefix} within ${ms} ms`)), ms);
    child.once('exit', (code) => rej(new Error(`agents exited (${code})`)));
    waiter = (line) => {
      if (!line.startsWith(prefix)) return;
      clearTimeout(t);
      waiter = null;
      res(line.slice(prefix.length));
    };
  });
  await nextLine('READY ', 60_000);
  return {
    child, pid: child.pid!,
    stats: async () => {
      const p = nextLine('STATS ', 5000);
      child.stdin!.write('stats\n');
      return JSON.parse(await p) as Record<string, number>;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.stdin!.end(); // the helper exits when its stdin closes
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

// ---- 1. the app's poller, for real ------------------------------------------------------------

interface AppRound { cpu: number; wall: number; polledOk: number; runs: number; interfaces: number; samples: number; agentCpu: number; reloads: number; reloadMs: number }
interface AppRun { label: string; discovery: AppRound; rounds: AppRound[]; settled: boolean; late: { p95: number; max: number }; errors: number; timeouts: number; load: string }

async function appRun(label: string, agents: Agents, v3: boolean): Promise<AppRun> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-snmp-'));
  const core = createCore({ dataDir: dir, clock: systemClock, monitoring: { enabled: true, trapPort: null } });
  try {
    const ctx = { actor: localActor() };
    const s = core.services;
    const group = s.monitoring.createCredentialGroup(ctx, v3
      ? { name: 'bench', v3: { user: AGENT_V3.name, authProtocol: 'sha', authKey: AGENT_V3.authKey, privProtocol: 'aes', privKey: AGENT_V3.privKey } }
      : { name: 'bench', community: 'public' });
    const ids: string[] = [];
    s.store.write(() => {
      for (let d = 0; d < N; d++) {
        const dev = s.inventory.create(ctx, deviceInput.parse({ name: `sw-${d}`, type: 'switch', status: 'available' }));
        s.monitoring.repo.devices.insert(ctx, { deviceId: dev.id, address: agentAddress(d), port: PORT, credentialId: group.id, intervalS: INTERVAL_S, retryIntervalS: 20, maxAttempts: 3, parentDeviceId: null, enabled: true, hostResources: false, demo: false });
        ids.push(dev.id);
      }
    });
    // the runtime reloads 200 ms after the store changed; every job's first run is spread over the minute
    for (let i = 0; i < 100 && s.pollers.scheduler.stats().jobs < N; i++) await sleep(50);
    if (s.pollers.scheduler.stats().jobs < N) throw new Error(`only ${s.pollers.scheduler.stats().jobs} of ${N} jobs scheduled`);

    const live = s.pollers.live;
    // bench only: count and time the runtime's configuration reloads (a store change to interfaces triggers one)
    const reloads = { n: 0, ms: 0 };
    const reload = s.pollers.reload.bind(s.pollers);
    s.pollers.reload = () => {
      const t = performance.now();
      reload();
      reloads.n++;
      reloads.ms += performance.now() - t;
    };
    const window = async (): Promise<AppRound> => {
      const w0 = Date.now();
      const c0 = cpuNow();
      const a0 = procCpu(agents.pid);
      const written0 = s.metrics.stats().written;
      const runs0 = s.pollers.scheduler.stats().runs;
      const r0 = { ...reloads };
      await sleep(INTERVAL_S * 1000);
      const w1 = Date.now();
      let polledOk = 0;
      let interfaces = 0;
      for (const id of ids) {
        const lv = live.peek(id);
        if (lv?.lastOkAt && lv.lastOkAt >= w0 && lv.lastOkAt <= w1) {
          polledOk++;
          interfaces += lv.interfaces.size;
        }
      }
      return { cpu: cpuNow() - c0, wall: (w1 - w0) / 1000, polledOk, runs: s.pollers.scheduler.stats().runs - runs0, interfaces, samples: s.metrics.stats().written - written0, agentCpu: procCpu(agents.pid) - a0, reloads: reloads.n - r0.n, reloadMs: reloads.ms - r0.ms };
    };
    // warm-up: the first polls discover and store every interface (and the runtime reloads its configuration
    // while they are written); a round is measured only when no interface row was added during it
    const ifRows = () => (s.store.prepare(`SELECT count(*) AS n FROM interfaces`).get() as { n: number }).n;
    const discovery: AppRound = { cpu: 0, wall: 0, polledOk: 0, runs: 0, interfaces: 0, samples: 0, agentCpu: 0, reloads: 0, reloadMs: 0 };
    let warmRounds = 0;
    let last: AppRound | null = null;
    const rounds: AppRound[] = [];
    for (let w = 0; w < ROUNDS + WARMUP_MAX && rounds.length < ROUNDS; w++) {
      const before = ifRows();
      console.log(`  ${label}: round ${w + 1} (${before < N * AGENT_PORTS ? 'discovery' : 'measured'}) …`);
      const r = await window();
      const clean = before === N * AGENT_PORTS && ifRows() === before;
      console.log(`    ${r.polledOk} devices OK (${r.runs} runs, ${r.samples} samples), ${fmt(r.interfaces / r.wall)} if/s, ${fmt(r.cpu, 1)} s CPU (${fmt((r.cpu / r.wall) * 100, 1)} % of a core), ${r.reloads} reloads ${fmt(r.reloadMs / 1000, 1)} s${clean ? '' : ' — warm-up'}; load ${load()}`);
      if (clean) {
        rounds.push(r);
      } else {
        warmRounds++;
        discovery.cpu += r.cpu;
        discovery.wall += r.wall;
        discovery.reloads += r.reloads;
        discovery.reloadMs += r.reloadMs;
        last = r;
      }
    }
    // not settled (bounded): report the last warm-up round as what it is rather than nothing
    const settled = rounds.length > 0;
    if (!settled && last) rounds.push(last);
    discovery.polledOk = ifRows() / AGENT_PORTS;
    discovery.runs = warmRounds;
    const st = s.pollers.scheduler.stats();
    return { label, discovery, rounds, settled, late: { p95: st.lateP95, max: st.lateMax }, errors: st.errors, timeouts: st.timeouts, load: load() };
  } finally {
    await core.services.pollers.stop();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- 2. the library alone, as fast as it goes ---------------------------------------------------

interface Burst { wall: number; cpu: number; ok: number; interfaces: number; requests: number }

async function burst(v3: boolean): Promise<Burst> {
  const client = createSnmpClient({ timeoutMs: 5000, retries: 1, hostResources: false });
  const targets = Array.from({ length: N }, (_, d): SnmpTarget => ({
    host: agentAddress(d), port: PORT,
    credentials: v3 ? { version: 'v3', user: AGENT_V3.name, authProtocol: 'sha', authKey: AGENT_V3.authKey, privProtocol: 'aes', privKey: AGENT_V3.privKey } : { version: 'v2c', community: 'public' },
  }));
  const once = async (): Promise<Burst> => {
    const c0 = cpuNow();
    const t0 = performance.now();
    const r: Burst = { wall: 0, cpu: 0, ok: 0, interfaces: 0, requests: 0 };
    await pool(targets, 128, async (t) => {
      try {
        const p = await client.pollDevice(t);
        r.ok++;
        r.interfaces += p.interfaces.length;
        r.requests += p.requests;
      } catch {
        // counted as not ok
      }
    });
    r.wall = (performance.now() - t0) / 1000;
    r.cpu = cpuNow() - c0;
    return r;
  };
  try {
    await once(); // sessions (and for v3: discovery + key localisation per engine)
    return await once();
  } finally {
    await client.close();
  }
}

// ---- 3. snmpbulkwalk per device -----------------------------------------------------------------

interface Walk { wall: number; cpu: number; ok: number; varbinds: number; agentCpu: number }

async function walks(agents: Agents): Promise<Walk> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-walk-'));
  const env = { ...process.env, MIBS: '', SNMP_PERSISTENT_DIR: dir };
  const c0 = procCpu('self', true);
  const a0 = procCpu(agents.pid);
  const t0 = performance.now();
  const r: Walk = { wall: 0, cpu: 0, ok: 0, varbinds: 0, agentCpu: 0 };
  try {
    // 8 processes at a time, like a poller with a few worker processes
    await pool(Array.from({ length: WALK_N }, (_, d) => d), 8, async (d) => {
      let ok = true;
      for (const table of ['.1.3.6.1.2.1.2.2', '.1.3.6.1.2.1.31.1.1']) {
        try {
          const { stdout } = await run('snmpbulkwalk', ['-v2c', '-c', 'public', '-On', '-t', '5', '-r', '1', `${agentAddress(d)}:${PORT}`, table], { env, maxBuffer: 16 * 1024 * 1024 });
          r.varbinds += stdout.split('\n').filter((l) => l.startsWith('.') && !l.includes('No more variables')).length;
        } catch {
          ok = false;
        }
      }
      if (ok) r.ok++;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  r.wall = (performance.now() - t0) / 1000;
  r.cpu = procCpu('self', true) - c0; // the tools' own CPU: Node's cost of spawning them is left out, in their favour
  r.agentCpu = procCpu(agents.pid) - a0;
  return r;
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const walkVersion = await run('snmpbulkwalk', ['--version']).then((o) => (o.stdout + o.stderr).trim().split(' ').pop(), () => null);
  if (!walkVersion) console.error('snmpbulkwalk not installed: the ratio is left out');
  const load0 = load();
  console.log(`starting ${N} agents on 127.1.x.y:${PORT} (load ${load0}) …`);
  const t0 = performance.now();
  const agents = await startAgents();
  const onSignal = () => void agents.stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    console.log(`agents ready in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const v2 = await appRun('v2c', agents, false);
    console.log('library alone, all devices, 128 in flight …');
    const b2 = await burst(false);
    const b3 = V3 ? await burst(true) : null;
    console.log(`snmpbulkwalk on ${WALK_N} devices …`);
    const walk = walkVersion ? await walks(agents) : null;
    // results now, and again with the v3 run (the longest part) when it is done
    await report(agents, load0, walkVersion, v2, null, b2, b3, walk);
    if (V3) await report(agents, load0, walkVersion, v2, await appRun('v3 authPriv SHA/AES', agents, true), b2, b3, walk);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await agents.stop();
  }
}

async function report(agents: Agents, load0: string, walkVersion: string | null | undefined, v2: AppRun, v3: AppRun | null, b2: Burst, b3: Burst | null, walk: Walk | null): Promise<void> {
  const agentStats = await agents.stats();
  const loadEnd = load();

  const avg = (run: AppRun, f: (r: AppRound) => number) => run.rounds.reduce((s, r) => s + f(r), 0) / run.rounds.length;
  const corePct = (run: AppRun) => avg(run, (r) => (r.cpu / r.wall) * 100);
  const ifps = (run: AppRun) => avg(run, (r) => r.interfaces / r.wall);
  const okDev = (run: AppRun) => avg(run, (r) => r.polledOk);
  const msPerDev = (run: AppRun) => avg(run, (r) => (r.cpu / Math.max(1, r.polledOk)) * 1000); // ms CPU per device poll = s per 1,000
  const walkMs = walk ? (walk.cpu / Math.max(1, walk.ok)) * 1000 : NaN;
  const appMs = msPerDev(v2);
  const libMs = (b2.cpu / Math.max(1, b2.ok)) * 1000;
  const runLine = (run: AppRun) => `${run.settled ? '' : '(NOT SETTLED: still discovering after the warm-up limit; this is its last round) '}**${fmt(corePct(run), 1)} % of one core** (${fmt(avg(run, (r) => r.cpu), 2)} s CPU per ${INTERVAL_S} s round); ${fmt(okDev(run))} of ${fmt(N)} devices polled OK per round; **${fmt(ifps(run))} interfaces/s**; ${fmt(msPerDev(run), 2)} s CPU per 1,000 device polls`;
  const rows: [string, string][] = [
    ['simulated switches (test/bench/agents.ts: one Node process, one UDP socket per agent on 127.1.x.y, 48 ports, ifTable 22 + ifXTable 19 columns, moving counters)', `${fmt(N)}`],
    [`**app poller, v2c**: createCore with monitoring on (scheduler, SnmpJobs, SNMP client, alarm engine, time series), every device every ${INTERVAL_S} s, ${ROUNDS} measured round(s) after discovery`, runLine(v2)],
    [`  … warm-up: discovery (cold sessions, ${fmt(N * AGENT_PORTS)} interfaces written with audit + outbox) until a round adds no interface`, `${fmt(v2.discovery.cpu, 1)} s CPU over ${v2.discovery.runs} rounds of ${INTERVAL_S} s (once); ${v2.discovery.reloads} configuration reloads took ${fmt(v2.discovery.reloadMs / 1000, 1)} s of it`],
    ['  … job runs per round (more than the devices: retries after a failed attempt); time-series rows written (raw, all series of the ports); scheduler lateness p95 / max; job errors, timeouts', `${fmt(avg(v2, (r) => r.runs))}; ${fmt(avg(v2, (r) => r.samples))}; ${fmt(v2.late.p95)} ms / ${fmt(v2.late.max)} ms; ${v2.errors}, ${v2.timeouts}`],
    ...(v3 ? [[`**app poller, v3 authPriv SHA/AES** (one engine ID per agent), the same`, runLine(v3)] as [string, string],
      ['  … warm-up (engine discovery + key localisation per agent, interfaces written)', `${fmt(v3.discovery.cpu, 1)} s CPU over ${v3.discovery.runs} rounds (once); ${v3.discovery.reloads} reloads took ${fmt(v3.discovery.reloadMs / 1000, 1)} s`] as [string, string]] : []),
    ['simulator CPU per measured round (for scale, not counted above)', `${fmt(avg(v2, (r) => r.agentCpu), 1)} s v2c${v3 ? `, ${fmt(avg(v3, (r) => r.agentCpu), 1)} s v3` : ''}`],
    ['SNMP library alone, all devices as fast as it goes (128 in flight, warm sessions)', `${fmt(b2.interfaces / b2.wall)} interfaces/s (${fmt(b2.ok / b2.wall)} devices/s, ${fmt(b2.requests / Math.max(1, b2.ok), 1)} requests each), ${fmt(libMs, 2)} s CPU per 1,000 polls${b3 ? `; v3: ${fmt(b3.interfaces / b3.wall)} interfaces/s, ${fmt((b3.cpu / Math.max(1, b3.ok)) * 1000, 2)} s CPU per 1,000` : ''} (simulator in the same 2 cores)`],
    ...(walk ? [
      [`snmpbulkwalk (Net-SNMP ${walkVersion}) per device: ifTable + ifXTable, 2 spawns, -Cr10 default, 8 at a time, ${WALK_N} devices`, `${fmt((walk.ok * AGENT_PORTS) / walk.wall)} interfaces/s, **${fmt(walkMs, 2)} s CPU per 1,000 devices** (${fmt(walk.varbinds / Math.max(1, walk.ok))} varbinds each, ${WALK_N - walk.ok} failed)`] as [string, string],
      ['**ratio** snmpbulkwalk CPU / app poller CPU, per device (v2c)', `**${fmt(walkMs / appMs, 1)}×** (against the library alone: ${fmt(walkMs / libMs, 1)}×; per varbind fetched vs the app: ${fmt((walk.cpu / Math.max(1, walk.varbinds)) / (avg(v2, (r) => r.cpu) / Math.max(1, avg(v2, (r) => r.interfaces * 12 + r.polledOk * 4))), 1)}×)`] as [string, string],
      [`2,000 × 48 every 60 s by snmpbulkwalk (from its CPU per device)`, `${fmt((walkMs * 2000) / 60_000 * 100)} % of one core`] as [string, string],
    ] : []),
    ['load average at start / end (2 cores, shared with other engineers)', `${load0} / ${loadEnd}`],
  ];
  const wholeV2 = corePct(v2);
  const text = [
    '# SNMP poller benchmark',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${hostname()} (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, net-snmp npm), loopback only.`,
    'Run: `npx tsx test/bench/snmp.bench.ts` (env SNMP_BENCH_DEVICES, SNMP_BENCH_ROUNDS, SNMP_BENCH_WALK_DEVICES, SNMP_BENCH_V3).',
    '',
    '| measure | result |',
    '| --- | --- |',
    ...rows.map(([a, b]) => `| ${a} | ${b} |`),
    '',
    `**${fmt(N)} devices × 48 ports every ${INTERVAL_S} s (target: 2,000 every 60 s in < 1 core): measured, ${fmt(wholeV2, 1)} % of one core (v2c)${v3 ? `, ${fmt(corePct(v3), 1)} % (v3 authPriv${v3.settled ? '' : ', not settled'})` : ''}** — real rounds of the whole poll path over the wire, not extrapolated.`,
    '',
    'Notes: the poller\'s CPU is `process.cpuUsage()` of this process over each 60 s window (it holds nothing else while',
    'the window runs: the app core with the SNMP client, scheduler, alarm engine, SQLite stores and time-series flushes);',
    'interfaces/s counts the devices whose last good poll fell in the window times their interfaces. The agents run in',
    'their own process (its CPU from /proc/PID/stat) on the same 2 cores. snmpbulkwalk\'s CPU is the user+system time',
    'of the spawned processes (cutime+cstime); the parent\'s cost of spawning them is left out, in their favour; it',
    'fetches every ifTable/ifXTable column (more varbinds than the poller\'s 12 columns + system group), hence the',
    'per-varbind ratio beside the per-device one. The poller\'s wall-clock throughput is its schedule (each device once',
    'a minute); the library-alone row shows how far above that it can go on this machine.',
    `Agent helper counters: ${JSON.stringify(agentStats)}.`,
    '',
  ].join('\n');
  mkdirSync(join(HERE, 'results'), { recursive: true });
  writeFileSync(join(HERE, 'results', 'snmp.md'), text);
  writeFileSync(join(HERE, 'results', 'snmp.json'), `${JSON.stringify({
    measured: new Date().toISOString(), devices: N, ports: AGENT_PORTS,
    v2cCorePct: Number(wholeV2.toFixed(1)), v3CorePct: v3 ? Number(corePct(v3).toFixed(1)) : null,
    v2cInterfacesPerS: Math.round(ifps(v2)), libraryInterfacesPerS: Math.round(b2.interfaces / b2.wall),
    walkSPer1000: walk ? Number(walkMs.toFixed(2)) : null, appSPer1000: Number(appMs.toFixed(2)), ratio: walk ? Number((walkMs / appMs).toFixed(1)) : null,
    load: { start: load0, end: loadEnd },
  }, null, 2)}\n`);
  console.log(`\n${text}`);
}

await main();
