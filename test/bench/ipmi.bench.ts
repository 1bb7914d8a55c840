// IPMI client benchmark (loopback only, bounded loops): run with `npx tsx test/bench/ipmi.bench.ts`.
//  1. chassis status queries/second over one reused RMCP+ session vs spawning
//     `ipmitool -I lanplus -C 3 chassis status` per query (target: >= 20x)
//  2. cold session set-up time (suite 3, and the default 17-then-3 negotiation with its probe)
//  3. memory per open session (in-memory BMC, 1000 sessions; and real UDP sessions)
//  4. BMCs polled (power + sensors) per minute on one core, against N ipmi_sim on 127.0.1.x
// Writes test/bench/results/ipmi.md. Ports: 29660 (single BMC), 29680 on 127.0.1.1..N.
import { execFile } from 'node:child_process';
import { cpus, hostname } from 'node:os';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { IpmiClient, IpmiSessionManager, ManualClock, MemoryNetwork, RmcpPlusSession } from '../../src-main/protocols/ipmi/index';
import { getChassisStatus } from '../../src-main/protocols/ipmi/commands/chassis/get-chassis-status';
import { ipmiSimAvailable, ipmiSimMissingReason, startIpmiSim, type IpmiSim } from '../peers/ipmi-sim';
import { FakeBmc } from '../main/protocols/ipmi/helpers/fake-bmc';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const N_BMCS = Number(process.env.IPMI_BENCH_BMCS ?? 20);
const QUERIES = 1000;
const SPAWNS = 40;
const POLL_SECONDS = 10;

const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function reusedSessionQps(sim: IpmiSim): Promise<number> {
  const s = await RmcpPlusSession.open({ host: sim.addr, port: sim.port, username: 'admin', password: 'secret', cipherSuites: [3] });
  for (let i = 0; i < 20; i++) await s.call(getChassisStatus, undefined); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < QUERIES; i++) await s.call(getChassisStatus, undefined);
  const qps = QUERIES / ((performance.now() - t0) / 1000);
  await s.close();
  return qps;
}

async function ipmitoolQps(sim: IpmiSim): Promise<number> {
  const args = ['-I', 'lanplus', '-H', sim.addr, '-p', String(sim.port), '-U', 'admin', '-P', 'secret', '-C', '3', 'chassis', 'status'];
  await run('ipmitool', args);
  const t0 = performance.now();
  for (let i = 0; i < SPAWNS; i++) await run('ipmitool', args, { timeout: 10_000 });
  return SPAWNS / ((performance.now() - t0) / 1000);
}

async function coldSetup(sim: IpmiSim, suites: (3 | 17)[] | undefined, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const s = await RmcpPlusSession.open({ host: sim.addr, port: sim.port, username: 'admin', password: 'secret', ...(suites ? { cipherSuites: suites } : {}) });
    times.push(performance.now() - t0);
    await s.close();
  }
  return times;
}

async function memoryPerSessionInMemory(n: number): Promise<number> {
  const net = new MemoryNetwork();
  const clock = new ManualClock();
  const bmc = new FakeBmc(net, { users: { admin: 'secret' } });
  const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const sessions: RmcpPlusSession[] = [];
  for (let i = 0; i < n; i++) {
    const p = RmcpPlusSession.open({ host: bmc.address.address, port: 623, username: 'admin', password: 'secret', clock, transportFactory: net.factory(), cipherSuiteProbeMs: 0, keepAliveMs: 0 });
    for (let k = 0; k < 12; k++) await flush();
    sessions.push(await p);
  }
  gc?.();
  const after = process.memoryUsage();
  for (const s of sessions) {
    const c = s.close();
    for (let k = 0; k < 6; k++) await flush();
    await c;
  }
  bmc.close();
  return (after.heapUsed + after.external - before.heapUsed - before.external) / n;
}

async function pollPerMinute(sims: IpmiSim[]): Promise<{ polls: number; cpuSeconds: number; wallSeconds: number; perMinutePerCore: number; rssPerSession: number }> {
  const manager = new IpmiSessionManager({ keepAliveMs: 0 });
  const clients = sims.map((s) => new IpmiClient({ host: s.addr, port: s.port, username: 'admin', password: 'secret', cipherSuites: [3] }, { manager }));
  const rss0 = process.memoryUsage().rss;
  await Promise.all(clients.map((c) => c.sensors())); // open sessions, cache SDRs
  const rssPerSession = (process.memoryUsage().rss - rss0) / clients.length;
  let polls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + POLL_SECONDS * 1000;
  await Promise.all(clients.map(async (c) => {
    for (let i = 0; i < 100_000 && performance.now() < end; i++) {
      await c.power('status');
      await c.sensors();
      polls++;
    }
  }));
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await manager.closeAll();
  return { polls, cpuSeconds, wallSeconds, perMinutePerCore: (polls / cpuSeconds) * 60, rssPerSession };
}

async function main(): Promise<void> {
  if (!ipmiSimAvailable) {
    console.error(ipmiSimMissingReason);
    process.exit(1);
  }
  // chassis status answered from the simulator's memory: the client's cost, not a shell spawn's
  const sim = await startIpmiSim(29660, { chassisControl: false });
  const simScript = await startIpmiSim(29661);
  const many: IpmiSim[] = [];
  try {
    const ours = await reusedSessionQps(sim);
    const theirs = await ipmitoolQps(sim);
    console.log(`chassis status: ${fmt(ours)} q/s in one session, ${fmt(theirs)} q/s spawning ipmitool: ${fmt(ours / theirs)}x`);
    const oursScript = await reusedSessionQps(simScript);
    const theirsScript = await ipmitoolQps(simScript);
    console.log(`with ipmi_sim's chassis_control script: ${fmt(oursScript)} vs ${fmt(theirsScript)} q/s: ${fmt(oursScript / theirsScript)}x`);
    const cold3 = await coldSetup(sim, [3], 20);
    const coldDefault = await coldSetup(sim, undefined, 3);
    console.log(`cold session (suite 3): median ${fmt(median(cold3), 2)} ms; default 17-then-3 with probe: median ${fmt(median(coldDefault), 1)} ms`);
    const memInMemory = await memoryPerSessionInMemory(1000);
    console.log(`memory per open session (in-memory transport, 1000 sessions): ${fmt(memInMemory / 1024, 1)} KiB`);
    for (let i = 1; i <= N_BMCS; i++) many.push(await startIpmiSim(29680, { addr: `127.0.1.${i}` }));
    const poll = await pollPerMinute(many);
    console.log(`polling ${N_BMCS} BMCs (power + ${4} sensors): ${poll.polls} polls in ${fmt(poll.wallSeconds)} s wall, ${fmt(poll.cpuSeconds, 2)} s CPU -> ${fmt(poll.perMinutePerCore, 0)} BMC polls per minute per core`);
    const md = `# IPMI client benchmark

Measured ${new Date().toISOString().slice(0, 10)} on ${hostname()} (${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}),
against OpenIPMI ipmi_sim on loopback, cipher suite 3 (ipmi_sim has no suite 17). Run: \`npx tsx test/bench/ipmi.bench.ts\`.

| measure | result |
| --- | --- |
| chassis status, one reused session | ${fmt(ours)} queries/s |
| chassis status, spawning \`ipmitool -I lanplus -C 3\` per query | ${fmt(theirs)} queries/s |
| **ratio** (target >= 20x) | **${fmt(ours / theirs)}x** |
| same, with ipmi_sim forking its chassis_control shell script for every status query | ${fmt(oursScript)} vs ${fmt(theirsScript)} queries/s: ${fmt(oursScript / theirsScript)}x |
| cold session set-up, suite 3 given (Auth Caps, Open Session, RAKP 1-4, Set Privilege) | ${fmt(median(cold3), 2)} ms median of ${cold3.length} |
| cold session set-up, default 17-then-3 (includes the ${400} ms Get Channel Cipher Suites probe ipmi_sim never answers; the session manager then caches the suite) | ${fmt(median(coldDefault), 1)} ms median of ${coldDefault.length} |
| client memory per open session (1000 sessions, in-memory transport, heap + external) | ${fmt(memInMemory / 1024, 1)} KiB |
| RSS per open UDP session (${N_BMCS} sessions, incl. socket and SDR cache; noisy) | ${fmt(poll.rssPerSession / 1024, 0)} KiB |
| BMCs polled (chassis status + SDR check + 4 sensor readings) per minute on one core | ${fmt(poll.perMinutePerCore, 0)} (${poll.polls} polls of ${N_BMCS} simulators in ${fmt(poll.wallSeconds)} s, ${fmt(poll.cpuSeconds, 2)} s CPU) |

Notes: the ratio rows use a simulator without its chassis_control program (test/peers/ipmi_sim
start.sh CHASSIS_CONTROL=none), so Get Chassis Status is answered from memory and the figure is
the client's cost; with the program, ipmi_sim forks a shell per status query, which then
dominates both sides (second row). The polling row is the client's own CPU time (the simulators
run in other processes); the simulators there do fork the script. Target in DESIGN.md: 1,000 BMCs' power +
sensors every 60 s.
`;
    mkdirSync(join(HERE, 'results'), { recursive: true });
    writeFileSync(join(HERE, 'results', 'ipmi.md'), md);
    console.log(`written ${join(HERE, 'results', 'ipmi.md')}`);
  } finally {
    await Promise.all([sim.stop(), simScript.stop(), ...many.map((m) => m.stop())]);
  }
}

await main();
