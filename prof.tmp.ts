import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from './src-main/core/clock';
import { createCore } from './src-main/core/create-core';
import { migrate } from './src-main/sync/migrate';
import { connectPg } from './src-main/sync/pg';
import { bootstrapAdmin } from './src-main/sync/users';
import { startPostgres } from './test/peers/postgres';
const N = 20000;
const pg = await startPostgres();
try {
  const owner = await connectPg(pg.url()); await migrate(owner); await bootstrapAdmin(owner, 'alice', 'alice-secret-1'); await owner.end();
  const admin = await connectPg(pg.url('alice', 'alice-secret-1'));
  await admin.query(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s', '001767225600000-0000-seed', 'Bench', 'BEN1')`);
  await admin.query(`INSERT INTO devices (id, updated_at, name, type, status, site_id, serial, field_hlc) SELECT 'dev-' || i, '001767225600000-0000-seed', 'bench-' || i, 'server', 'available', 's', 'SN' || i, '{}' FROM generate_series(1, ${N}) i`);
  await admin.end();
  const core = createCore({ dataDir: mkdtempSync(join(tmpdir(), 'prof-')), sync: { timers: systemClock } });
  const t0 = performance.now();
  const { Session } = await import('node:inspector/promises');
  const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
  await core.services.sync.connect(pg.url('alice', 'alice-secret-1'));
  const { profile } = await s.post('Profiler.stop') as any;
  console.log('pull', N, (performance.now() - t0).toFixed(0), 'ms');
  // self time by function
  const self = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const dt = profile.timeDeltas as number[]; const samples = profile.samples as number[];
  for (let i = 0; i < samples.length; i++) { const n: any = nodes.get(samples[i]); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0)); }
  console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
  await core.services.sync.stop(); core.close();
} finally { await pg.stop(); }
