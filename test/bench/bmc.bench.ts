// BMC polling benchmark (issue 4 part 5), loopback only, bounded: the whole poll path the app
// runs per BMC — chassis status, sensors, Get SEL Info (SEL re-read only when it changed),
// the reading stored in SQLite, events and alarms compared — against N ipmi_sim on
// 127.0.1.1..N (UDP 29780), 16 at once as the poller does, for POLL_SECONDS.
// Run: npx tsx test/bench/bmc.bench.ts   (IPMI_BENCH_BMCS=N to change N). Writes results/bmc.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceInput } from '../../shared/schemas/inventory';
import { createCore } from '../../src-main/core/create-core';
import { BmcPoll } from '../../src-main/domains/bmc/poll';
import { ipmiSimAvailable, ipmiSimMissingReason, startIpmiSim, type IpmiSim } from '../peers/ipmi-sim';
import { percentile, writeResults } from './lib';

const N = Number(process.env.IPMI_BENCH_BMCS ?? 20);
const PORT = 29780;
const POLL_SECONDS = 10;
const IN_FLIGHT = 16;
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  if (!ipmiSimAvailable) {
    console.log(ipmiSimMissingReason);
    return;
  }
  const sims: IpmiSim[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-bmc-'));
  const core = createCore({ dataDir: dir, ipmi: { session: { timeoutMs: 1000, retries: 2 } } });
  try {
    for (let i = 1; i <= N; i++) sims.push(await startIpmiSim(PORT, { addr: `127.0.1.${i}`, pass: 'secret' }));
    const ctx = { actor: { id: 'bench', name: 'bench', role: 'admin' as const } };
    const ids = sims.map((s, i) => {
      const d = core.services.inventory.create(ctx, deviceInput.parse({ name: `bench-${i + 1}`, type: 'server', status: 'available' }));
      core.services.bmc.set(ctx, { deviceId: d.id, address: s.addr, port: s.port, username: 'admin', password: 'secret', cipherSuites: [3], privilege: 'administrator', allowInsecure: false, consoleDriver: 'sol', sshTarget: '', pollEnabled: true, pollIntervalS: 60 });
      return d.id;
    });
    const poll = new BmcPoll(core.services.bmc, core.services.alarms);
    for (const id of ids) await poll.poll(id); // warm: sessions open, SDR cached, baseline stored

    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const end = t0 + POLL_SECONDS * 1000;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < end) {
        const id = ids[next++ % ids.length]!;
        const s = performance.now();
        const r = await poll.poll(id);
        latencies.push(performance.now() - s);
        if (r.error) errors++;
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const perPollMs = cpuMs / latencies.length;
    const perMinute = (latencies.length / secs) * 60;
    const coresFor1000 = (1000 * perPollMs) / 60_000;
    writeResults('bmc', 'BMC polling benchmark (poll → SQLite → alarms)', [
      ['BMCs polled per minute (16 in flight)', `${fmt(perMinute)} (${latencies.length} polls of ${N} ipmi_sim in ${secs.toFixed(1)} s, ${errors} errors)`, '1,000 per minute'],
      ['poll latency p50 / p95', `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 95).toFixed(1)} ms`, '—'],
      ['app CPU per poll (client + SQLite reading + alarm compare)', `${perPollMs.toFixed(2)} ms`, '—'],
      ['cores for 1,000 BMCs every 60 s (extrapolated)', `${coresFor1000.toFixed(3)}`, '< 1 core'],
      ['sessions opened for all of it', `${core.services.bmc.manager.opened} (one per BMC, reused)`, 'one per BMC'],
    ]);
  } finally {
    await core.services.bmc.close();
    core.close();
    await Promise.all(sims.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
