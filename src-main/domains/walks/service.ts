// The rack walk-through: plan (racks to walk, before going to the floor), walk each rack U by
// U against the local copy of the inventory (works offline: everything is local rows), flag
// discrepancies, tick the rack's checklist, add notes and photos' file names; finishing the
// walk turns each discrepancy into a follow-up task, and a NOC ticket where tickets exist.
// All state is rows in the store, so a walk resumes after a restart where it was left, and
// syncs like any change once the laptop is back online.
import type { z } from 'zod';
import {
  DEFAULT_CHECKLIST, DISCREPANCIES, evaluateScan, WALK_RESULTS,
  type ChecklistItem, type createWalkInput, type ExpectedDevice, type markInput, type scanInput, type ScanOutcome,
  type Walk, type WalkCheck, type WalkRack, type WalkResult, type WalkTask,
} from '../../../shared/schemas/walks';
import type { Device, Rack } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { conflict, invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import type { DeviceRepository } from '../inventory/repository';
import type { RackRepository } from '../racks/repository';
import type { WalkRepository } from './repository';

/** Where finished walks send their discrepancies besides the task list (the tickets domain). */
export type TicketSink = (ctx: WriteContext, t: { deviceId: string | null; subject: string; body: string }) => string | null;

export interface Position {
  u: number;
  /** The device whose lowest U this is. */
  expected: ExpectedDevice | null;
  /** Units above a device's lowest U belong to it: walked with it, not on their own. */
  coveredBy: string | null;
  check: WalkCheck | null;
}

export interface RackPlan {
  walk: Walk;
  walkRack: WalkRack;
  rack: Rack;
  positions: Position[];
  /** Devices in the rack without a position (0U PDUs): on the checklist, not per U. */
  unplaced: Array<{ id: string; name: string }>;
  counts: Record<WalkResult, number> & { unchecked: number };
}

const label = (r: WalkResult) => WALK_RESULTS.find((x) => x.value === r)!.label;

export class WalkService {
  private ticketSink: TicketSink | null = null;

  constructor(readonly repo: WalkRepository, private readonly racks: RackRepository, private readonly devices: DeviceRepository, private readonly clock: Clock) {}

  useTickets(sink: TicketSink): void {
    this.ticketSink = sink;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  list(): Array<Walk & { racks: number; racksDone: number; discrepancies: number }> {
    return this.repo.allWalks().map((w) => {
      const racks = this.repo.racksOf(w.id);
      const checks = this.repo.checksOfWalk(w.id);
      return { ...w, racks: racks.length, racksDone: racks.filter((r) => r.status === 'done').length, discrepancies: checks.filter((c) => DISCREPANCIES.includes(c.result)).length };
    });
  }

  create(ctx: WriteContext, input: z.output<typeof createWalkInput>): Walk {
    return this.repo.store.write(() => {
      const ids = [...new Set(input.rackIds)];
      for (const id of ids) if (!this.racks.racks.find(id)) throw invalid(`No rack with id ${id}.`, 'rackIds');
      const walk = this.repo.walks.insert(ctx, { name: input.name, status: 'planned', createdBy: ctx.actor.name, startedAt: '', finishedAt: '', notes: input.notes, demo: false });
      const checklist: ChecklistItem[] = DEFAULT_CHECKLIST.map((c) => ({ key: c.key, label: c.label, done: false, by: '', at: '' }));
      ids.forEach((rackId, ord) => {
        this.repo.racks.insert(ctx, { walkId: walk.id, rackId, ord, status: 'pending', currentU: null, checklist, notes: '', photos: [], finishedAt: '', demo: false });
      });
      return walk;
    });
  }

  get(id: string) {
    const walk = this.repo.walks.find(id);
    if (!walk) return null;
    const racks = this.repo.racksOf(id).map((wr) => {
      const rack = this.racks.racks.get(wr.rackId);
      const room = rack ? this.racks.rooms.get(rack.roomId) : null;
      const site = room ? this.racks.sites.get(room.siteId) : null;
      const checks = this.repo.checksOf(wr.id);
      return {
        ...wr, rackName: rack?.name ?? '(deleted rack)', where: [site?.name, room?.name].filter(Boolean).join(' / '),
        checked: checks.length, discrepancies: checks.filter((c) => DISCREPANCIES.includes(c.result)).length,
        checklistDone: wr.checklist.filter((c) => c.done).length,
      };
    });
    return { walk, racks, tasks: this.repo.tasksOf('all', id) };
  }

  /** What the inventory expects in this rack, U by U from the top, with what was found so far. */
  plan(walkRackId: string): RackPlan {
    const walkRack = this.requireRack(walkRackId);
    const walk = this.repo.walks.get(walkRack.walkId)!;
    const rack = this.racks.racks.get(walkRack.rackId);
    if (!rack) throw precondition('The rack of this walk no longer exists.');
    const inRack = this.devices.inRack(rack.id);
    const checks = new Map(this.repo.checksOf(walkRackId).map((c) => [c.u, c]));
    const base = new Map<number, Device>();
    const covered = new Map<number, string>();
    for (const d of inRack) {
      if (d.position === null) continue;
      // half-width pairs share a U: the walk lists the first; the second is scanned at the same U
      if (!base.has(d.position)) base.set(d.position, d);
      for (let u = d.position + 1; u < d.position + Math.max(1, d.heightU); u++) covered.set(u, d.id);
    }
    const positions: Position[] = [];
    for (let u = rack.heightU; u >= 1; u--) {
      const d = base.get(u);
      positions.push({ u, expected: d ? expectedOf(d) : null, coveredBy: d ? null : covered.get(u) ?? null, check: checks.get(u) ?? null });
    }
    const counts = Object.fromEntries(WALK_RESULTS.map((r) => [r.value, 0])) as RackPlan['counts'];
    counts.unchecked = 0;
    for (const p of positions) {
      if (p.check) counts[p.check.result]++;
      else if (p.expected) counts.unchecked++;
    }
    return { walk, walkRack, rack, positions, unplaced: inRack.filter((d) => d.position === null).map((d) => ({ id: d.id, name: d.name })), counts };
  }

  /** A code read at U (typed or from a scanner): evaluated, recorded, and the outcome explained. */
  scan(ctx: WriteContext, input: z.output<typeof scanInput>): { check: WalkCheck; outcome: ScanOutcome } {
    return this.repo.store.write(() => {
      const plan = this.plan(input.walkRackId);
      const pos = this.positionOf(plan, input.u);
      const outcome = evaluateScan(pos.expected, input.code, plan.rack.id, {
        byCode: (code) => {
          const r = this.repo.deviceByCode(code);
          if (!r) return null;
          const d = this.devices.fromDb(r);
          return d.position === null ? { ...expectedOf({ ...d, position: 0 }), rackId: d.rackId } : { ...expectedOf(d), rackId: d.rackId };
        },
      });
      const check = this.record(ctx, plan, pos, outcome.result, { scanned: input.code, foundDeviceId: outcome.foundDeviceId, note: input.note });
      return { check, outcome };
    });
  }

  /** A result set by hand. */
  mark(ctx: WriteContext, input: z.output<typeof markInput>): WalkCheck {
    return this.repo.store.write(() => {
      const plan = this.plan(input.walkRackId);
      const pos = this.positionOf(plan, input.u);
      if (input.result === 'empty' && pos.expected) throw invalid(`${pos.expected.name} is expected at U${input.u}: mark it missing if the U is empty.`, 'result');
      if ((input.result === 'ok' || input.result === 'missing' || input.result === 'wrong_serial') && !pos.expected) {
        throw invalid(`Nothing is expected at U${input.u}: mark it empty, or unexpected if something is there.`, 'result');
      }
      return this.record(ctx, plan, pos, input.result, { scanned: '', foundDeviceId: input.result === 'ok' ? pos.expected!.id : null, note: input.note });
    });
  }

  private positionOf(plan: RackPlan, u: number): Position {
    if (u > plan.rack.heightU) throw invalid(`Rack ${plan.rack.name} has ${plan.rack.heightU} units; there is no U${u}.`, 'u');
    if (plan.walkRack.status === 'done') throw conflict(`Rack ${plan.rack.name} is finished in this walk; reopen it to change a result.`);
    if (plan.walk.status === 'done') throw conflict('This walk is finished.');
    const pos = plan.positions.find((p) => p.u === u)!;
    if (pos.coveredBy) {
      const owner = plan.positions.find((p) => p.expected?.id === pos.coveredBy);
      throw invalid(`U${u} belongs to ${owner?.expected?.name ?? 'a taller device'} (from U${owner?.u}); check it there.`, 'u');
    }
    return pos;
  }

  private record(ctx: WriteContext, plan: RackPlan, pos: Position, result: WalkResult, extra: { scanned: string; foundDeviceId: string | null; note: string }): WalkCheck {
    const now = this.now();
    const data = {
      walkId: plan.walk.id, walkRackId: plan.walkRack.id, rackId: plan.rack.id, u: pos.u, deviceId: pos.expected?.id ?? null, expected: pos.expected ?? {},
      result, scanned: extra.scanned, foundDeviceId: extra.foundDeviceId, note: extra.note, checkedBy: ctx.actor.name, checkedAt: now, demo: false,
    };
    const check = pos.check ? this.repo.checks.update(ctx, pos.check.id, data) : this.repo.checks.insert(ctx, data);
    if (plan.walkRack.status !== 'in_progress' || plan.walkRack.currentU !== pos.u) this.repo.racks.update(ctx, plan.walkRack.id, { status: 'in_progress', currentU: pos.u });
    if (plan.walk.status === 'planned') this.repo.walks.update(ctx, plan.walk.id, { status: 'in_progress', startedAt: now });
    return check;
  }

  /** Where the walker is (restored after a restart). */
  setPosition(ctx: WriteContext, walkRackId: string, u: number): WalkRack {
    const wr = this.requireRack(walkRackId);
    return this.repo.racks.update(ctx, wr.id, { currentU: u, status: wr.status === 'pending' ? 'in_progress' : wr.status });
  }

  tick(ctx: WriteContext, walkRackId: string, key: string, done: boolean): WalkRack {
    const wr = this.requireRack(walkRackId);
    if (!wr.checklist.some((c) => c.key === key)) throw invalid(`No checklist item ${key}.`, 'key');
    const checklist = wr.checklist.map((c) => (c.key === key ? { ...c, done, by: done ? ctx.actor.name : '', at: done ? this.now() : '' } : c));
    return this.repo.racks.update(ctx, wr.id, { checklist });
  }

  setNotes(ctx: WriteContext, walkRackId: string, notes: string): WalkRack {
    return this.repo.racks.update(ctx, this.requireRack(walkRackId).id, { notes });
  }

  addPhoto(ctx: WriteContext, walkRackId: string, fileName: string): WalkRack {
    const wr = this.requireRack(walkRackId);
    if (wr.photos.includes(fileName)) return wr;
    if (wr.photos.length >= 200) throw invalid('At most 200 photos per rack.', 'fileName');
    return this.repo.racks.update(ctx, wr.id, { photos: [...wr.photos, fileName] });
  }

  /** Done with a rack: every expected device must have a result (a gap is never silent). */
  finishRack(ctx: WriteContext, walkRackId: string): WalkRack {
    return this.repo.store.write(() => {
      const plan = this.plan(walkRackId);
      const open = plan.positions.filter((p) => p.expected && !p.check);
      if (open.length > 0) {
        const list = open.slice(0, 5).map((p) => `U${p.u} ${p.expected!.name}`).join(', ');
        throw precondition(`${open.length} device${open.length === 1 ? ' is' : 's are'} not checked yet: ${list}${open.length > 5 ? ', …' : ''}. Scan them, or mark them missing.`);
      }
      return this.repo.racks.update(ctx, walkRackId, { status: 'done', finishedAt: this.now() });
    });
  }

  reopenRack(ctx: WriteContext, walkRackId: string): WalkRack {
    const wr = this.requireRack(walkRackId);
    const walk = this.repo.walks.get(wr.walkId)!;
    if (walk.status === 'done') throw conflict('This walk is finished; start a new one.');
    return this.repo.racks.update(ctx, wr.id, { status: 'in_progress', finishedAt: '' });
  }

  /** The walk is over: each discrepancy becomes a follow-up task (and a ticket, where tickets exist). */
  finish(ctx: WriteContext, walkId: string): { walk: Walk; tasks: WalkTask[] } {
    return this.repo.store.write(() => {
      const walk = this.repo.walks.find(walkId);
      if (!walk) throw invalid(`No walk with id ${walkId}.`);
      if (walk.status === 'done') throw conflict('This walk is finished already.');
      const racks = this.repo.racksOf(walkId);
      const left = racks.filter((r) => r.status !== 'done');
      if (left.length > 0) {
        const names = left.slice(0, 5).map((r) => this.racks.racks.get(r.rackId)?.name ?? r.rackId).join(', ');
        throw precondition(`${left.length} rack${left.length === 1 ? ' is' : 's are'} not finished: ${names}. Finish them first.`);
      }
      const tasks: WalkTask[] = [];
      for (const c of this.repo.checksOfWalk(walkId)) {
        if (!DISCREPANCIES.includes(c.result)) continue;
        const rackName = this.racks.racks.get(c.rackId)?.name ?? c.rackId;
        const deviceName = c.expected.name ?? (c.foundDeviceId ? this.devices.get(c.foundDeviceId)?.name : undefined);
        const title = `${label(c.result)}: rack ${rackName} U${c.u}${deviceName ? ` (${deviceName})` : ''}`.slice(0, 200);
        const detail = [
          c.expected.name ? `Expected: ${c.expected.name}, serial ${c.expected.serial || '—'}, asset ${c.expected.assetTag || '—'}.` : 'Expected: nothing.',
          c.scanned ? `Read: ${c.scanned}.` : '',
          c.note ? `Note: ${c.note}` : '',
          `Found by ${c.checkedBy} at ${c.checkedAt} during walk "${walk.name}".`,
        ].filter(Boolean).join('\n');
        const deviceId = c.deviceId ?? c.foundDeviceId;
        let ticketId: string | null = null;
        if (this.ticketSink) ticketId = this.ticketSink(ctx, { deviceId, subject: title, body: detail });
        tasks.push(this.repo.tasks.insert(ctx, { walkId, checkId: c.id, rackId: c.rackId, deviceId, kind: c.result, title, detail, status: 'open', ticketId, demo: false }));
      }
      const done = this.repo.walks.update(ctx, walkId, { status: 'done', finishedAt: this.now() });
      return { walk: done, tasks };
    });
  }

  tasks(status: 'open' | 'done' | 'all', walkId?: string): WalkTask[] {
    return this.repo.tasksOf(status, walkId);
  }

  setTaskDone(ctx: WriteContext, id: string, done: boolean): WalkTask {
    const t = this.repo.tasks.find(id);
    if (!t) throw invalid(`No task with id ${id}.`);
    return this.repo.tasks.update(ctx, id, { status: done ? 'done' : 'open' });
  }

  private requireRack(walkRackId: string): WalkRack {
    const wr = this.repo.racks.find(walkRackId);
    if (!wr) throw invalid(`No rack of a walk with id ${walkRackId}.`);
    return wr;
  }
}

function expectedOf(d: Pick<Device, 'id' | 'name' | 'serial' | 'assetTag' | 'position' | 'heightU' | 'face' | 'width'>): ExpectedDevice {
  return { id: d.id, name: d.name, serial: d.serial, assetTag: d.assetTag, position: d.position ?? 0, heightU: d.heightU, face: d.face, width: d.width };
}
