import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';
import { fieldErrors, makeServer } from '../customers/fixtures';

const items = [
  { key: 'burn-in', title: 'Burn-in 24h', required: true, mode: 'automatic' as const, check: 'burn-in', params: { minHours: 24 } },
  { key: 'bmc', title: 'BMC reachable', required: true, mode: 'automatic' as const, check: 'test.bmc' },
  { key: 'label', title: 'Labelled', required: true },
  { key: 'photos', title: 'Photos', required: false },
];

describe('staging QA', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  it('keeps a server in Staging until every required item passes, naming the open items', async () => {
    const api = t.caller(actor('technician', 'tom'));
    await api.staging.createTemplate({ name: 'Lab QA', deviceTypes: ['server'], items, isDefault: true });
    const srv = makeServer(t, 'staging', 'srv-qa');
    await expect(api.inventory.setStatus({ id: srv.id, status: 'available', reason: 'looks fine' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'QA checklist has 3 open required items: Burn-in 24h, BMC reachable, Labelled. Finish them on the staging board first.',
    });
    const view = await api.staging.open({ deviceId: srv.id });
    const runId = view.run!.id;
    // A burn-in passes only on an entered or imported result, never by hand.
    expect(await fieldErrors(api.staging.record({ runId, itemKey: 'burn-in', status: 'passed', note: 'ran it, trust me' }))).toEqual({ status: ['“Burn-in 24h” passes only on a burn-in result: enter the hours or import the tool\'s log.'] });
    await api.staging.record({ runId, itemKey: 'label', status: 'passed', note: 'front and rear', evidence: ['IMG_0042.jpg'] });
    await expect(api.staging.release({ deviceId: srv.id })).rejects.toThrow('QA checklist has 2 open required items: Burn-in 24h, BMC reachable. Finish them on the staging board first.');
    // A burn-in shorter than required fails the item.
    await api.staging.burnIn({ runId, hours: 12, passed: true, tool: 'stress-ng' });
    expect((await api.staging.view({ deviceId: srv.id })).items.find((i) => i.key === 'burn-in')!.result).toMatchObject({ status: 'failed', detail: 'stress-ng: 12 h is shorter than the required 24 h' });
    // ... and a failed burn-in cannot be overridden with a note either.
    expect(await fieldErrors(api.staging.record({ runId, itemKey: 'burn-in', status: 'passed', note: 'meh' }))).toEqual({ status: [expect.stringMatching(/passes only on a burn-in result/)] });
    await expect(api.staging.release({ deviceId: srv.id })).rejects.toThrow(/2 open required items: Burn-in 24h, BMC reachable/);
    await api.staging.burnIn({ runId, hours: 26, passed: true, tool: 'stress-ng', output: 'all workers passed' });
    await expect(api.staging.release({ deviceId: srv.id })).rejects.toThrow('QA checklist has 1 open required item: BMC reachable.');
    // An automatic item nobody can run here passes only by hand, with a note saying how.
    expect(await fieldErrors(api.staging.record({ runId, itemKey: 'bmc', status: 'passed' }))).toEqual({ note: ['“BMC reachable” is an automatic check: to pass it by hand, say in the note how you checked it.'] });
    expect(await fieldErrors(api.staging.record({ runId, itemKey: 'label', status: 'skipped' }))).toEqual({ status: ['“Labelled” is required: it can pass or fail, not be skipped.'] });
    await api.staging.record({ runId, itemKey: 'bmc', status: 'passed', note: 'ipmitool chassis status from the jump host' });
    const released = await api.staging.release({ deviceId: srv.id });
    expect(released.status).toBe('available');
    const run = t.core.services.staging.repo.runs.find(runId)!;
    expect(run).toMatchObject({ status: 'passed', finishedAt: '2026-01-01T00:00:00.000Z' });
    const results = t.core.services.staging.repo.resultsOf(runId);
    expect(results.get('label')).toMatchObject({ by: 'tom', note: 'front and rear', evidence: ['IMG_0042.jpg'], method: 'manual' });
    expect(results.get('bmc')!.method).toBe('manual override');
  });

  it('imports a burn-in result from the tool\'s log: stress-ng (old and new summary), a plain summary, and refuses others', async () => {
    const api = t.caller(actor('technician', 'tom'));
    await api.staging.createTemplate({ name: 'Lab QA', deviceTypes: ['server'], items, isDefault: true });
    const srv = makeServer(t, 'staging', 'srv-burn');
    const runId = (await api.staging.open({ deviceId: srv.id })).run!.id;
    const burn = async () => (await api.staging.view({ deviceId: srv.id })).items.find((i) => i.key === 'burn-in')!.result!;
    // stress-ng 0.13 style, a full day, every stressor passed
    await api.staging.importBurnIn({ runId, output: [
      'stress-ng: info:  [4121] dispatching hogs: 64 cpu, 4 vm, 2 hdd',
      'stress-ng: info:  [4121] successful run completed in 93600.04s (1 day, 2 hours, 0.04 secs)',
    ].join('\n') });
    expect(await burn()).toMatchObject({ status: 'passed', detail: 'stress-ng (imported log): passed 26 h (needs 24 h)', method: 'burn-in' });
    expect((await burn()).evidence[0]).toContain('successful run completed');
    // newer stress-ng: the duration spelled out; a failed stressor fails the item
    await api.staging.importBurnIn({ runId, output: [
      'stress-ng: info:  [77] setting to a 1 day, 1 hr, 0 mins, 0 secs run per stressor',
      'stress-ng: fail:  [80] vm: detected 3 bit errors while stressing memory',
      'stress-ng: info:  [77] passed: 66: cpu (64) hdd (2)',
      'stress-ng: info:  [77] failed: 4: vm (4)',
      'stress-ng: info:  [77] unsuccessful run completed in 1 day, 1 hour, 0.30 secs',
    ].join('\n') });
    expect(await burn()).toMatchObject({ status: 'failed', detail: 'stress-ng (imported log): burn-in FAILED after 25 h' });
    // a short run: passed by the tool, too short for the checklist
    await api.staging.importBurnIn({ runId, output: 'stress-ng: info:  [9] successful run completed in 3600.00s (1 hour, 0.00 secs)' });
    expect(await burn()).toMatchObject({ status: 'failed', detail: 'stress-ng (imported log): 1 h is shorter than the required 24 h' });
    await api.staging.importBurnIn({ runId, output: 'node: srv-burn\nhours: 48\nresult: PASS\n' });
    expect(await burn()).toMatchObject({ status: 'passed', detail: 'burn-in log (imported log): passed 48 h (needs 24 h)' });
    expect(await fieldErrors(api.staging.importBurnIn({ runId, output: 'memtest86 v6: all good' }))).toEqual({ output: [expect.stringMatching(/^This log is not one the importer reads: use the output of stress-ng/)] });
    expect(await fieldErrors(api.staging.importBurnIn({ runId, output: '   ' }))).toEqual({ output: ['The log is empty.'] });
    expect((await burn()).detail).toBe('burn-in log (imported log): passed 48 h (needs 24 h)');
  });

  it('runs automatic checks from the registry that other domains fill', async () => {
    const api = t.caller();
    await api.staging.createTemplate({ name: 'Lab QA', items, isDefault: true });
    const srv = makeServer(t, 'staging');
    const view = await api.staging.open({ deviceId: srv.id });
    // Before anyone registers it, the item says why it cannot run.
    let after = await api.staging.runAutomatic({ runId: view.run!.id });
    expect(after.items.find((i) => i.key === 'bmc')!.result!.detail).toMatch(/No automatic check called test.bmc is registered/);
    expect(after.items.find((i) => i.key === 'burn-in')!.result).toMatchObject({ status: 'pending', detail: 'No burn-in result entered or imported yet.' });
    let answers = false;
    const off = t.core.services.staging.checks.register({
      kind: 'test.bmc', label: 'BMC answers',
      unavailable: (d) => (d.mgmtIp ? null : `${d.name} has no management address.`),
      run: async ({ device }) => (answers ? { passed: true, detail: `${device.mgmtIp} answered Get Device ID` } : { passed: false, detail: `${device.mgmtIp}: no answer after 3 tries` }),
    });
    after = await api.staging.runAutomatic({ runId: view.run!.id });
    expect(after.items.find((i) => i.key === 'bmc')!.result).toMatchObject({ status: 'failed', detail: '10.0.0.10: no answer after 3 tries', method: 'automatic: test.bmc' });
    answers = true;
    after = await api.staging.runAutomatic({ runId: view.run!.id });
    expect(after.items.find((i) => i.key === 'bmc')!.status).toBe('passed');
    expect((await api.staging.checkKinds()).find((k) => k.kind === 'test.bmc')).toMatchObject({ available: true });
    // The IPMI domain fills its kinds in; without a BMC configured they say why they cannot run.
    expect((await api.staging.checkKinds()).find((k) => k.kind === 'ipmi.sel-clean')).toMatchObject({ available: true });
    expect(t.core.services.staging.checks.whyNot('ipmi.sel-clean', srv)).toMatch(/No BMC is configured/);
    off();
  });

  it('the switch-port check reads monitoring: linked port, polled state', async () => {
    const api = t.caller();
    await api.staging.createTemplate({ name: 'Net', items: [{ key: 'port', title: 'Switch port up', mode: 'automatic', check: 'snmp.switch-port-up' }], isDefault: true });
    const srv = makeServer(t, 'staging', 'srv-net');
    const runId = (await api.staging.open({ deviceId: srv.id })).run!.id;
    let v = await api.staging.runAutomatic({ runId });
    expect(v.items[0]!.result!.detail).toMatch(/^No switch port is linked to srv-net yet/);
    expect(v.items[0]!.result).toMatchObject({ status: 'pending', method: 'not run' });
    const sw = t.core.services.inventory.create({ actor: actor('admin') }, { name: 'tor-1', type: 'switch', status: 'available', heightU: 1, hostId: null, siteId: null, os: '', serial: '', assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] } });
    t.core.services.monitoring.recordInterfaces(sw.id, [{ ifIndex: 7, name: 'xe-0/0/7', alias: '', descr: '', speedMbps: 10_000 }]);
    const port = t.core.services.monitoring.repo.interfacesOf(sw.id)[0]!;
    t.core.services.monitoring.updateInterface({ actor: actor('admin') }, { id: port.id, linkedDeviceId: srv.id, alarmOnDown: true });
    v = await api.staging.runAutomatic({ runId });
    expect(v.items[0]!.result).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^Not polled yet: xe-0\/0\/7/) });
    const subject = { key: `if:${port.id}`, deviceId: sw.id, kind: 'interface' as const, label: 'tor-1 xe-0/0/7', source: 'snmp' };
    t.core.services.alarms.record({ subject, state: 'DOWN', message: 'ifOperStatus down', immediate: true });
    v = await api.staging.runAutomatic({ runId });
    expect(v.items[0]!.result).toMatchObject({ status: 'failed', detail: 'Down: xe-0/0/7 (DOWN: ifOperStatus down)' });
    // The check can run here (and has failed): no pass by hand, whatever the note says.
    expect(await fieldErrors(api.staging.record({ runId, itemKey: 'port', status: 'passed', note: 'cable looks fine to me' }))).toEqual({ status: ['“Switch port up” is checked automatically on this server: use Run automatic checks (or fix what it reports and run it again).'] });
    await expect(api.staging.release({ deviceId: srv.id })).rejects.toThrow(/1 open required item: Switch port up/);
    // Even if the check later cannot run (the port unlinked), its failure stands until it runs again.
    t.core.services.monitoring.updateInterface({ actor: actor('admin') }, { id: port.id, linkedDeviceId: null });
    expect(await fieldErrors(api.staging.record({ runId, itemKey: 'port', status: 'passed', note: 'cable looks fine to me' }))).toEqual({ status: ['“Switch port up” failed its automatic check (Down: xe-0/0/7 (DOWN: ifOperStatus down)); fix that and run the check again.'] });
    t.core.services.monitoring.updateInterface({ actor: actor('admin') }, { id: port.id, linkedDeviceId: srv.id });
    t.core.services.alarms.record({ subject, state: 'OK', message: 'up', immediate: true });
    v = await api.staging.runAutomatic({ runId });
    expect(v.items[0]!.result).toMatchObject({ status: 'passed', detail: 'Up: xe-0/0/7', method: 'automatic: snmp.switch-port-up' });
    expect((await api.staging.release({ deviceId: srv.id })).status).toBe('available');
  });

  it('a template change while runs are open: runs keep their version unless moved', async () => {
    const api = t.caller();
    const tpl = await api.staging.createTemplate({ name: 'Lab QA', items: items.slice(2), isDefault: true });
    const a = makeServer(t, 'staging', 'srv-a');
    const b = makeServer(t, 'staging', 'srv-b');
    const ra = await api.staging.open({ deviceId: a.id });
    const rb = await api.staging.open({ deviceId: b.id });
    await api.staging.record({ runId: rb.run!.id, itemKey: 'label', status: 'passed' });
    const changed = await api.staging.updateTemplate({ id: tpl.id, items: [...items.slice(2), { key: 'cables', title: 'Cables dressed', required: true }] });
    expect(changed.message).toBe('Saved as version 2; 2 open runs keep version 1 until finished.');
    const va = await api.staging.view({ deviceId: a.id });
    expect(va.template).toEqual({ name: 'Lab QA', version: 1 });
    expect(va.newerTemplateVersion).toBe(2);
    expect(va.items.map((i) => i.key)).toEqual(['label', 'photos']);
    // A new server follows version 2.
    const c = makeServer(t, 'staging', 'srv-c');
    expect((await api.staging.open({ deviceId: c.id })).template).toEqual({ name: 'Lab QA', version: 2 });
    // Staff may move open runs to the new version; results carry over by item key.
    const moved = await api.staging.updateTemplate({ id: tpl.id, items: [...items.slice(2), { key: 'cables', title: 'Cables dressed', required: true }, { key: 'psu', title: 'Both PSUs fed', required: true }], openRuns: 'upgrade' });
    expect(moved.message).toBe('Saved as version 3; 3 open runs moved to it (results kept where the item still exists).');
    const vb = await api.staging.view({ deviceId: b.id });
    expect(vb.template!.version).toBe(3);
    expect(vb.openRequired).toEqual(['Cables dressed', 'Both PSUs fed']);
    void ra;
    // Bad template input is refused with field errors.
    expect(await fieldErrors(api.staging.createTemplate({ name: 'Bad', items: [{ key: 'x', title: 'X', mode: 'automatic' }] }))).toEqual({ 'items.0.check': ['An automatic item needs the check it runs.'] });
    expect(await fieldErrors(api.staging.createTemplate({ name: 'Dup', items: [{ key: 'x', title: 'X' }, { key: 'x', title: 'Y' }] }))).toEqual({ items: ['Item keys must be unique within a checklist.'] });
  });

  it('without a template of its own a server follows the built-in checklist', async () => {
    const api = t.caller();
    const srv = makeServer(t, 'staging', 'srv-plain');
    await expect(api.inventory.setStatus({ id: srv.id, status: 'available', reason: 'x x x' })).rejects.toThrow(/^QA checklist has 7 open required items: Racked at the recorded position, labelled front and rear, Serial and asset tag match the inventory, BMC reachable, Sensors in range, SEL has no critical entries, Switch port up, Burn-in 24h/);
    expect((await api.staging.open({ deviceId: srv.id })).template).toEqual({ name: 'Standard server QA', version: 1 });
  });

  it('a run belongs to one stay in Staging: leaving and coming back starts a fresh run', async () => {
    const api = t.caller();
    await api.staging.createTemplate({ name: 'Quick', items: [{ key: 'label', title: 'Labelled' }], isDefault: true });
    const srv = makeServer(t, 'staging', 'srv-loop');
    const first = await api.staging.open({ deviceId: srv.id });
    await api.staging.record({ runId: first.run!.id, itemKey: 'label', status: 'passed' });
    // Moved on directly (not through release): the run is left open but belongs to the old stay.
    await api.inventory.setStatus({ id: srv.id, status: 'available', reason: 'qa done' });
    t.clock.advance(1000);
    await api.inventory.setStatus({ id: srv.id, status: 'staging', reason: 'reinstall' });
    await expect(api.inventory.setStatus({ id: srv.id, status: 'available', reason: 'again' })).rejects.toThrow(/1 open required item: Labelled/);
    const second = await api.staging.open({ deviceId: srv.id });
    expect(second.run!.id).not.toBe(first.run!.id);
    expect(t.core.services.staging.repo.runs.find(first.run!.id)!.status).toBe('passed');
  });

  it('a server entering Staging gets a run of the default template at once: created there or moved there', async () => {
    const api = t.caller();
    await api.staging.createTemplate({ name: 'Quick', items: [{ key: 'label', title: 'Labelled' }], isDefault: true });
    t.clock.advance(60_000);
    const created = await api.inventory.create({ name: 'srv-new', type: 'server', status: 'staging' });
    const run1 = t.core.services.staging.currentRun(created.id);
    expect(run1).toMatchObject({ templateName: 'Quick', templateVersion: 1, status: 'open', startedAt: '2026-01-01T00:01:00.000Z' });
    const spare = await api.inventory.create({ name: 'srv-spare', type: 'server', status: 'available' });
    expect(t.core.services.staging.currentRun(spare.id)).toBeNull();
    t.clock.advance(60_000);
    await api.inventory.setStatus({ id: spare.id, status: 'staging', reason: 'reinstall' });
    expect(t.core.services.staging.currentRun(spare.id)).toMatchObject({ templateName: 'Quick', startedAt: '2026-01-01T00:02:00.000Z' });
    // Opening it on the board continues that run; nothing else makes a second one.
    expect((await api.staging.open({ deviceId: created.id })).run!.id).toBe(run1!.id);
    await api.inventory.update({ id: created.id, patch: { notes: 'PSU 2 swapped' } });
    expect(t.core.services.staging.repo.store.prepare(`SELECT count(*) AS n FROM staging_runs WHERE device_id = ?`).get(created.id)).toEqual({ n: 1 });
    // A switch has no checklist: it enters Staging without a run, and nothing fails.
    const sw = await api.inventory.create({ name: 'sw-new', type: 'switch', status: 'staging' });
    expect(t.core.services.staging.currentRun(sw.id)).toBeNull();
    // A row that arrives from the shared database brings its own run: this desk starts none.
    const row = t.core.services.staging.repo.store.prepare(`SELECT * FROM devices WHERE id = ?`).get(created.id) as Record<string, unknown>;
    const remoteId = '01900000-0000-7000-8000-0000000000aa';
    t.core.services.staging.repo.store.applyRemote('devices', [{ ...row, id: remoteId, name: 'srv-remote' }]);
    expect(t.core.services.inventory.devices.find(remoteId)!.status).toBe('staging');
    expect(t.core.services.staging.currentRun(remoteId)).toBeNull();
  });

  it('shows servers on the board by progress', async () => {
    const api = t.caller();
    await api.staging.createTemplate({ name: 'Quick', items: [{ key: 'a', title: 'A' }, { key: 'b', title: 'B' }, { key: 'c', title: 'C', required: false }], isDefault: true });
    const s1 = makeServer(t, 'staging', 'srv-1');
    makeServer(t, 'staging', 'srv-2');
    makeServer(t, 'available', 'srv-3');
    const run = await api.staging.open({ deviceId: s1.id });
    await api.staging.record({ runId: run.run!.id, itemKey: 'a', status: 'passed' });
    await api.staging.record({ runId: run.run!.id, itemKey: 'b', status: 'failed', note: 'PSU 2 dead' });
    const board = await api.staging.board();
    expect(board.map((c) => [c.deviceName, c.done, c.total, c.requiredOpen, c.failed, Boolean(c.runId)])).toEqual([
      ['srv-1', 1, 3, 1, 1, true],
      ['srv-2', 0, 3, 2, 0, true],
    ]);
  });
});
