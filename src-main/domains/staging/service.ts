// Staging QA (issue 7 §3). Invariants:
//  - a server leaves Staging for Available only when every required item of its checklist
//    has passed (the status guard below; the refusal names the open items);
//  - a run keeps the template version it started with: editing a template makes a new
//    version and leaves open runs alone unless staff choose to move them to it;
//  - a server has at most one open run; entering Staging again after a completed run starts
//    a fresh one (a wiped server is checked again), an unfinished run is continued;
//  - automatic items pass only by their registered check or, where none can run, by a
//    person's manual override with a note; never by hand over a check that can run or
//    has failed, and a burn-in only on an entered or imported result (record()).
import type { z } from 'zod';
import { openRequiredMessage, type BoardCard, type ChecklistItem, type ChecklistTemplate, type RunItemView, type RunView, type StagingResult, type StagingRun } from '../../../shared/staging';
import type { burnInInput, recordResultInput, templateInput, templateUpdateInput } from '../../../shared/schemas/staging';
import type { Device } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import type { InventoryService } from '../inventory/service';
import { BUILTIN_TEMPLATE } from './builtin';
import { CheckRegistry } from './checks';
import type { StagingRepository } from './repository';
import { parseBurnInLog } from './burn-in';

type Followed = { templateId: string | null; name: string; version: number; items: ChecklistItem[] };

export class StagingService {
  readonly checks = new CheckRegistry();

  constructor(readonly repo: StagingRepository, private readonly inventory: InventoryService, private readonly clock: Clock) {
    inventory.addStatusGuard((device, to) => (device.status === 'staging' && to === 'available' ? this.gate(device) : null));
    // Burn-in results arrive through recordBurnIn() (entered, or imported from the tool's
    // output); the automatic run only reports that none has arrived yet.
    this.checks.register({
      kind: 'burn-in',
      label: 'Burn-in result entered or imported',
      run: async () => ({ passed: false, detail: 'No burn-in result entered or imported yet.' }),
    });
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ---- templates ---------------------------------------------------------------

  templates(): ChecklistTemplate[] {
    return this.repo.allTemplates();
  }

  /** The template a device follows now: the default one for its type, else the built-in. */
  templateFor(device: Pick<Device, 'type'>): Followed | null {
    const matching = this.repo.allTemplates().filter((t) => t.deviceTypes.includes(device.type));
    const t = matching.find((x) => x.isDefault) ?? matching[0];
    if (t) return { templateId: t.id, name: t.name, version: t.version, items: t.items };
    if (BUILTIN_TEMPLATE.deviceTypes.includes(device.type)) return { templateId: null, name: BUILTIN_TEMPLATE.name, version: 1, items: BUILTIN_TEMPLATE.items };
    return null;
  }

  createTemplate(ctx: WriteContext, input: z.output<typeof templateInput>, demo = false): ChecklistTemplate {
    return this.repo.store.write(() => {
      if (input.isDefault) this.clearDefault(ctx, input.deviceTypes, null);
      return this.repo.templates.insert(ctx, { name: input.name, deviceTypes: input.deviceTypes, version: 1, items: input.items, isDefault: input.isDefault, demo });
    });
  }

  /**
   * A change to the items makes a new version. Open runs keep the version they follow
   * (openRuns: 'keep'), or move to the new one ('upgrade': results carry over by item key).
   */
  updateTemplate(ctx: WriteContext, input: z.output<typeof templateUpdateInput>): { template: ChecklistTemplate; openRuns: number; upgradedRuns: number; message: string } {
    return this.repo.store.write(() => {
      const t = this.repo.templates.find(input.id);
      if (!t) throw invalid(`No checklist template with id ${input.id}.`, 'id');
      const itemsChanged = input.items !== undefined && JSON.stringify(input.items) !== JSON.stringify(t.items);
      const deviceTypes = input.deviceTypes ?? t.deviceTypes;
      if (input.isDefault) this.clearDefault(ctx, deviceTypes, t.id);
      const template = this.repo.templates.update(ctx, t.id, {
        name: input.name, deviceTypes: input.deviceTypes, isDefault: input.isDefault,
        ...(itemsChanged ? { items: input.items, version: t.version + 1 } : {}),
      });
      const open = itemsChanged ? this.repo.openRunsOfTemplate(t.id) : [];
      let upgraded = 0;
      if (itemsChanged && input.openRuns === 'upgrade') {
        for (const run of open) {
          this.repo.runs.update({ ...ctx, reason: `moved to version ${template.version} of ${template.name}` }, run.id, { items: template.items, templateVersion: template.version, templateName: template.name });
          upgraded++;
        }
      }
      const kept = open.length - upgraded;
      const message = !itemsChanged ? 'Saved.'
        : open.length === 0 ? `Saved as version ${template.version}.`
        : upgraded > 0 ? `Saved as version ${template.version}; ${upgraded} open run${upgraded === 1 ? '' : 's'} moved to it (results kept where the item still exists).`
        : `Saved as version ${template.version}; ${kept} open run${kept === 1 ? '' : 's'} keep${kept === 1 ? 's' : ''} version ${t.version} until finished.`;
      return { template, openRuns: open.length, upgradedRuns: upgraded, message };
    });
  }

  removeTemplate(ctx: WriteContext, id: string): { openRuns: number } {
    return this.repo.store.write(() => {
      const open = this.repo.openRunsOfTemplate(id).length;
      this.repo.templates.remove(ctx, id);
      return { openRuns: open };
    });
  }

  private clearDefault(ctx: WriteContext, types: string[], except: string | null): void {
    for (const t of this.repo.allTemplates()) {
      if (t.id !== except && t.isDefault && t.deviceTypes.some((x) => types.includes(x))) this.repo.templates.update(ctx, t.id, { isDefault: false });
    }
  }

  // ---- runs --------------------------------------------------------------------

  /**
   * The server's run for its current stay in Staging, started from its template when it
   * has none. A run belongs to one stay: once the server has left Staging, its old run is
   * closed (passed if complete, else cancelled) and the next stay starts a fresh one.
   */
  ensureRun(ctx: WriteContext, deviceId: string): StagingRun {
    return this.repo.store.write(() => {
      const device = this.inventory.devices.find(deviceId);
      if (!device) throw invalid(`No device with id ${deviceId}.`, 'deviceId');
      const open = this.repo.openRunOf(deviceId);
      if (open && !this.isStale(open)) return open;
      if (open) this.close(ctx, open);
      if (device.status !== 'staging') throw precondition(`${device.name} is ${device.status}, not in Staging: a QA run starts when it enters Staging.`, 'deviceId');
      const t = this.templateFor(device);
      if (!t) throw precondition(`No QA checklist applies to a ${device.type}. Create a checklist template for this type first.`, 'deviceId');
      return this.repo.runs.insert(ctx, {
        deviceId, templateId: t.templateId, templateName: t.name, templateVersion: t.version, items: t.items, status: 'open',
        startedAt: this.now(), finishedAt: null, demo: device.demo,
      });
    });
  }

  /** Ends a run: passed when every required item passed, else cancelled. */
  private close(ctx: WriteContext, run: StagingRun): void {
    this.repo.runs.update(ctx, run.id, { status: this.openRequired(run).length === 0 ? 'passed' : 'cancelled', finishedAt: this.now() }, 'finish');
  }

  /** The server left Staging after this run began (its status changed to something else since). */
  private isStale(run: StagingRun): boolean {
    return Boolean(this.repo.store.prepare(`SELECT 1 FROM audit WHERE table_name = 'devices' AND row_id = ? AND action = 'status'
      AND id > (SELECT min(id) FROM audit WHERE table_name = 'staging_runs' AND row_id = ?)
      AND json_extract(after, '$.status') != 'staging' LIMIT 1`).get(run.deviceId, run.id));
  }

  /** The open run of the server's current stay in Staging, if it has one. */
  currentRun(deviceId: string): StagingRun | null {
    const run = this.repo.openRunOf(deviceId);
    return run && !this.isStale(run) ? run : null;
  }

  /** Names of required items not passed yet. */
  openRequired(run: StagingRun): string[] {
    const results = this.repo.resultsOf(run.id);
    return run.items.filter((i) => i.required && results.get(i.key)?.status !== 'passed').map((i) => i.title);
  }

  /** The status guard: null when the server may leave Staging for Available. */
  private gate(device: Device): string | null {
    const run = this.currentRun(device.id);
    if (run) {
      const open = this.openRequired(run);
      return open.length ? `${openRequiredMessage(open)}. Finish them on the staging board first.` : null;
    }
    const t = this.templateFor(device);
    if (!t) return null; // nothing applies to this kind of device
    const required = t.items.filter((i) => i.required).map((i) => i.title);
    return required.length ? `${openRequiredMessage(required)} (QA not started). Open the server on the staging board first.` : null;
  }

  view(deviceId: string): RunView {
    const device = this.inventory.devices.find(deviceId);
    if (!device) throw invalid(`No device with id ${deviceId}.`, 'deviceId');
    const run = this.currentRun(deviceId);
    const followed: Followed | null = run ? { templateId: run.templateId, name: run.templateName, version: run.templateVersion, items: run.items } : this.templateFor(device);
    const results = run ? this.repo.resultsOf(run.id) : new Map<string, StagingResult>();
    const items: RunItemView[] = (followed?.items ?? []).map((i) => {
      const result = results.get(i.key) ?? null;
      return { ...i, result, status: result?.status ?? 'pending' };
    });
    const current = run?.templateId ? this.repo.templates.find(run.templateId) : null;
    return {
      run, deviceId, deviceName: device.name,
      template: followed ? { name: followed.name, version: followed.version } : null,
      items,
      openRequired: items.filter((i) => i.required && i.status !== 'passed').map((i) => i.title),
      done: items.filter((i) => i.status === 'passed' || i.status === 'skipped').length,
      total: items.length,
      newerTemplateVersion: current && run && current.version > run.templateVersion ? current.version : null,
    };
  }

  board(): BoardCard[] {
    return this.repo.stagingDevices().map((d) => {
      const run = d.runId ? this.currentRun(d.id) : null;
      const followed = run ? { name: run.templateName, items: run.items } : this.templateFor({ type: d.type as Device['type'] });
      const results = run ? this.repo.resultsOf(run.id) : new Map<string, StagingResult>();
      const items = followed?.items ?? [];
      const st = (i: ChecklistItem) => results.get(i.key)?.status ?? 'pending';
      return {
        deviceId: d.id, deviceName: d.name, deviceType: d.type, rackName: d.rackName, position: d.position, runId: run?.id ?? null,
        templateName: followed?.name ?? '—',
        done: items.filter((i) => st(i) === 'passed' || st(i) === 'skipped').length,
        total: items.length,
        requiredOpen: items.filter((i) => i.required && st(i) !== 'passed').length,
        failed: items.filter((i) => st(i) === 'failed').length,
        startedAt: run?.startedAt ?? null,
      };
    });
  }

  /** A person's result for one item: who, when, note and evidence. */
  record(ctx: WriteContext, input: z.output<typeof recordResultInput>): StagingResult {
    return this.repo.store.write(() => {
      const run = this.requireOpenRun(input.runId);
      const item = run.items.find((i) => i.key === input.itemKey);
      if (!item) throw invalid(`This checklist (version ${run.templateVersion}) has no item ${input.itemKey}.`, 'itemKey');
      if (input.status === 'skipped' && item.required) throw invalid(`“${item.title}” is required: it can pass or fail, not be skipped.`, 'status');
      let method = 'manual';
      if (item.mode === 'automatic' && input.status === 'passed') {
        // A burn-in passes only on its entered or imported result; any other automatic item
        // passes by hand only where its check cannot run here — never over its own failure.
        if (item.check === 'burn-in') throw invalid(`“${item.title}” passes only on a burn-in result: enter the hours or import the tool's log.`, 'status');
        const device = this.inventory.devices.find(run.deviceId);
        const why = device && item.check ? this.checks.whyNot(item.check, device) : 'no device';
        if (why === null) throw invalid(`“${item.title}” is checked automatically on this server: use Run automatic checks (or fix what it reports and run it again).`, 'status');
        const prior = this.repo.resultsOf(run.id).get(item.key);
        if (prior?.status === 'failed' && prior.method.startsWith('automatic')) throw invalid(`“${item.title}” failed its automatic check (${prior.detail}); fix that and run the check again.`, 'status');
        if (input.note.length < 3) throw invalid(`“${item.title}” is an automatic check: to pass it by hand, say in the note how you checked it.`, 'note');
        method = 'manual override';
      }
      return this.putResult(ctx, run, item, { status: input.status, note: input.note, evidence: input.evidence, method, detail: '' });
    });
  }

  /** A burn-in result entered by hand or imported from the burn-in tool's output. */
  recordBurnIn(ctx: WriteContext, input: z.output<typeof burnInInput>): StagingResult {
    return this.repo.store.write(() => {
      const run = this.requireOpenRun(input.runId);
      const item = run.items.find((i) => i.check === 'burn-in');
      if (!item) throw invalid('This checklist has no burn-in item.', 'runId');
      const minHours = Number(item.params.minHours ?? 24);
      const passed = input.passed && input.hours >= minHours;
      const detail = !input.passed ? `${input.tool}: burn-in FAILED after ${input.hours} h`
        : input.hours < minHours ? `${input.tool}: ${input.hours} h is shorter than the required ${minHours} h`
        : `${input.tool}: passed ${input.hours} h (needs ${minHours} h)`;
      return this.putResult(ctx, run, item, { status: passed ? 'passed' : 'failed', note: '', evidence: input.output ? [input.output.slice(0, 1000)] : [], method: 'burn-in', detail });
    });
  }

  /** A burn-in result read from the tool's own log (stress-ng, or an "hours:/result:" summary). */
  importBurnIn(ctx: WriteContext, runId: string, output: string): StagingResult {
    const parsed = parseBurnInLog(output);
    return this.recordBurnIn(ctx, { runId, hours: parsed.hours, passed: parsed.passed, tool: `${parsed.tool} (imported log)`, output });
  }

  /** Runs every automatic item that can run on this server now; each result is written as it arrives. */
  async runAutomatic(ctx: WriteContext, runId: string, signal?: AbortSignal): Promise<RunView> {
    const run = this.requireOpenRun(runId);
    const device = this.inventory.devices.find(run.deviceId);
    if (!device) throw invalid(`The device of this run no longer exists.`);
    for (const item of run.items) {
      if (item.mode !== 'automatic' || !item.check || signal?.aborted) continue;
      const existing = this.repo.resultsOf(run.id).get(item.key);
      const why = this.checks.whyNot(item.check, device);
      const kind = this.checks.get(item.check);
      if (why || !kind) {
        // Cannot run here: say why on the item, but never undo what a person recorded.
        if (!existing) this.repo.store.write(() => this.putResult(ctx, this.requireOpenRun(runId), item, { status: 'pending', note: '', evidence: [], method: 'not run', detail: why ?? 'not available' }));
        continue;
      }
      if (item.check === 'burn-in' && existing?.method === 'burn-in') continue; // the entered or imported result stands
      let outcome: { passed: boolean; detail: string; evidence?: string[] };
      try {
        outcome = await kind.run({ device, run, params: item.params, signal });
      } catch (err) {
        outcome = { passed: false, detail: `The check could not run: ${err instanceof Error ? err.message : String(err)}` };
      }
      this.repo.store.write(() => this.putResult(ctx, this.requireOpenRun(runId), item, {
        status: item.check === 'burn-in' && !outcome.passed ? 'pending' : outcome.passed ? 'passed' : 'failed',
        note: '', evidence: outcome.evidence ?? [], method: `automatic: ${item.check}`, detail: outcome.detail,
      }));
    }
    return this.view(run.deviceId);
  }

  /** Staging → Available through the gate, closing the run in the same transaction. */
  release(ctx: WriteContext, deviceId: string): Device {
    return this.repo.store.write(() => {
      const device = this.inventory.setStatus(ctx, deviceId, 'available');
      const run = this.repo.openRunOf(deviceId);
      if (run) this.close(ctx, run);
      return device;
    });
  }

  private requireOpenRun(runId: string): StagingRun {
    const run = this.repo.runs.find(runId);
    if (!run) throw invalid(`No QA run with id ${runId}.`, 'runId');
    if (run.status !== 'open') throw precondition(`This QA run is ${run.status}; results go on the server's current run.`, 'runId');
    return run;
  }

  private putResult(ctx: WriteContext, run: StagingRun, item: ChecklistItem, r: Pick<StagingResult, 'status' | 'note' | 'evidence' | 'method' | 'detail'>): StagingResult {
    const existing = this.repo.resultsOf(run.id).get(item.key);
    const row = { ...r, by: ctx.actor.name, at: this.now() };
    if (existing) return this.repo.results.update(ctx, existing.id, row);
    return this.repo.results.insert(ctx, { runId: run.id, itemKey: item.key, ...row, demo: run.demo });
  }
}
