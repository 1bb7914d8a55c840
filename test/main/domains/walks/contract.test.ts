// Every synced entity of issue 6 keeps the repository contract.
import type { SyncConflict } from '../../../../shared/sync-types';
import type { Walk, WalkCheck, WalkRack, WalkTask } from '../../../../shared/schemas/walks';
import { describeRepositoryContract } from '../../store/repository-contract';
import { actor, type TestCore } from '../../helpers';

const ctx = { actor: actor('admin') };

function rackOf(t: TestCore): string {
  const site = t.core.services.racks.createSite(ctx, { name: 'S', code: `S${Math.floor(Math.random() * 1e6)}`, address: '' });
  const room = t.core.services.racks.createRoom(ctx, { siteId: site.id, name: 'R' });
  return t.core.services.racks.createRack(ctx, { roomId: room.id, name: 'A01', heightU: 42 }).id;
}

function walkOf(t: TestCore): string {
  return t.core.services.walks.repo.walks.insert(ctx, { name: 'W', status: 'planned', createdBy: 'x', startedAt: '', finishedAt: '', notes: '', demo: false }).id;
}

describeRepositoryContract<Walk>({
  name: 'walks',
  repository: (t) => t.core.services.walks.repo.walks,
  make: () => ({ name: 'Night walk', status: 'planned', createdBy: 'tom', startedAt: '', finishedAt: '', notes: '', demo: false }),
  change: { status: 'in_progress' },
});

describeRepositoryContract<WalkRack>({
  name: 'walk_racks',
  repository: (t) => t.core.services.walks.repo.racks,
  make: (t) => ({ walkId: walkOf(t), rackId: rackOf(t), ord: 0, status: 'pending', currentU: null, checklist: [], notes: '', photos: [], finishedAt: '', demo: false }),
  change: { currentU: 12 },
});

describeRepositoryContract<WalkCheck>({
  name: 'walk_checks',
  repository: (t) => t.core.services.walks.repo.checks,
  make: (t) => {
    const walkId = walkOf(t);
    const rackId = rackOf(t);
    const wr = t.core.services.walks.repo.racks.insert(ctx, { walkId, rackId, ord: 0, status: 'pending', currentU: null, checklist: [], notes: '', photos: [], finishedAt: '', demo: false });
    return { walkId, walkRackId: wr.id, rackId, u: 10, deviceId: null, expected: {}, result: 'empty', scanned: '', foundDeviceId: null, note: '', checkedBy: 'tom', checkedAt: 'now', demo: false };
  },
  change: { result: 'unexpected', note: 'a box' },
});

describeRepositoryContract<WalkTask>({
  name: 'walk_tasks',
  repository: (t) => t.core.services.walks.repo.tasks,
  make: (t) => ({ walkId: walkOf(t), checkId: null, rackId: null, deviceId: null, kind: 'missing', title: 'Missing: rack A01 U10', detail: '', status: 'open', ticketId: null, demo: false }),
  change: { status: 'done' },
});

describeRepositoryContract<SyncConflict>({
  name: 'sync_conflicts',
  repository: (t) => t.core.services.sync.conflicts,
  make: () => ({
    tableName: 'devices', rowId: 'd1', fieldGroup: 'status', fields: ['status'], serverValue: { status: 'faulty' }, serverHlc: 'a', serverBy: 'alice',
    incomingValue: { status: 'rented' }, incomingHlc: 'b', incomingBy: 'tom', baseRev: 3, detectedAt: 'now', status: 'open', resolution: '',
    resolvedValue: {}, resolvedBy: '', resolvedAt: '', demo: false,
  }),
  change: { status: 'resolved', resolution: 'server' },
});
