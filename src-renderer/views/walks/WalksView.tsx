// Rack walk-throughs: plan one before going to the floor (choose the racks), then walk each
// rack U by U — works offline, everything is in the local store — and finish: each
// discrepancy becomes a follow-up task (and a NOC ticket).
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLiveQuery } from '../sync/hooks';
import '../sync/sync.css';
import { RackWalk } from './RackWalk';

const EDITORS = new Set(['admin', 'technician', 'provisioning']);
const WALK_TABLES = ['walks', 'walk_racks', 'walk_checks', 'walk_tasks'];

export function WalksView() {
  const role = useNoc((s) => s.actor?.role);
  const canWalk = role ? EDITORS.has(role) : false;
  const list = useLiveQuery(() => api.walks.list.query(), [], WALK_TABLES);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    // resume where one was: the walk in progress opens by itself
    if (!selected && list.data) setSelected(list.data.find((w) => w.status === 'in_progress')?.id ?? null);
  }, [list.data, selected]);
  return (
    <section className="noc-view noc-walks" data-testid="walks-view">
      <div className="noc-walks-list">
        <div className="noc-walks-list-head">
          <b className="noc-grow">Rack walks</b>
          {canWalk && <Button icon="add" intent="primary" small text="Plan a walk" onClick={() => setCreating(true)} data-testid="walk-new" />}
        </div>
        {list.loading && !list.data && <Spinner size={20} />}
        {list.error && <Callout intent="danger">{list.error}</Callout>}
        {list.data?.length === 0 && <NonIdealState icon="walk" description="No walks yet. Plan one before going to the floor." />}
        {list.data?.map((w) => (
          <div key={w.id} className={`noc-walks-row${w.id === selected ? ' selected' : ''}`} onClick={() => setSelected(w.id)} data-testid="walk-row" data-name={w.name}>
            <div>{w.name}</div>
            <div className="noc-muted">
              {w.racksDone}/{w.racks} racks · {w.status.replace('_', ' ')}
              {w.discrepancies > 0 && <Tag minimal intent="warning" className="noc-pad-left">{w.discrepancies} to follow up</Tag>}
            </div>
          </div>
        ))}
      </div>
      <div className="noc-walks-main">
        {selected ? <WalkDetail id={selected} canWalk={canWalk} /> : <NonIdealState icon="walk" title="Choose a walk" description="Or plan a new one: pick the racks to walk." />}
      </div>
      <NewWalkDialog key={creating ? 'open' : 'closed'} isOpen={creating} onClose={(id) => { setCreating(false); if (id) setSelected(id); }} />
    </section>
  );
}

function WalkDetail({ id, canWalk }: { id: string; canWalk: boolean }) {
  const detail = useLiveQuery(() => api.walks.get.query({ id }), [id], WALK_TABLES);
  const [rack, setRack] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRack(null), [id]);
  useEffect(() => {
    if (!rack && detail.data) setRack((detail.data.racks.find((r) => r.status === 'in_progress') ?? detail.data.racks.find((r) => r.status === 'pending') ?? detail.data.racks[0])?.id ?? null);
  }, [detail.data, rack]);
  if (!detail.data) return detail.error ? <Callout intent="danger">{detail.error}</Callout> : <Spinner size={24} />;
  const { walk, racks, tasks } = detail.data;
  async function finish() {
    setBusy(true);
    try {
      const r = await api.walks.finish.mutate({ id });
      toast({ intent: 'success', icon: 'tick', message: r.tasks.length ? `Walk finished: ${r.tasks.length} follow-up task(s) created.` : 'Walk finished: everything matched.' });
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="noc-walks-racks" data-testid="walk-racks">
        <b>{walk.name}</b>
        {racks.map((r) => (
          <Button key={r.id} small active={r.id === rack} onClick={() => setRack(r.id)} data-testid="walk-rack" data-name={r.rackName}
            intent={r.status === 'done' ? (r.discrepancies ? 'warning' : 'success') : 'none'}
            icon={r.status === 'done' ? 'tick' : r.status === 'in_progress' ? 'walk' : 'circle'}
            text={`${r.rackName}${r.discrepancies ? ` (${r.discrepancies})` : ''}`} />
        ))}
        <span className="noc-grow" />
        {walk.status !== 'done' && canWalk && <Button intent="primary" icon="flag" text="Finish walk" loading={busy} disabled={racks.some((r) => r.status !== 'done')} title={racks.some((r) => r.status !== 'done') ? 'Finish every rack first.' : undefined} onClick={() => void finish()} data-testid="walk-finish" />}
        {walk.status === 'done' && <Tag intent="success" icon="tick">finished</Tag>}
      </div>
      {walk.status === 'done' ? <Tasks tasks={tasks} /> : rack ? <RackWalk key={rack} walkRackId={rack} canWalk={canWalk} /> : null}
    </>
  );
}

function Tasks({ tasks }: { tasks: Array<{ id: string; title: string; detail: string; status: string; ticketId: string | null }> }) {
  if (tasks.length === 0) return <NonIdealState icon="tick-circle" title="Everything matched" description="No follow-up needed." />;
  return (
    <div className="noc-walk-panel" data-testid="walk-tasks">
      <h3>Follow-up tasks</h3>
      {tasks.map((t) => (
        <div key={t.id} className="noc-sync-card" data-testid="walk-task">
          <Checkbox checked={t.status === 'done'} label={t.title} onChange={(e) => { void api.walks.taskDone.mutate({ id: t.id, done: e.currentTarget.checked }); }} />
          <div className="noc-sync-values">{t.detail}</div>
          {t.ticketId && <Tag minimal icon="issue">ticket</Tag>}
        </div>
      ))}
    </div>
  );
}

function NewWalkDialog({ isOpen, onClose }: { isOpen: boolean; onClose: (id?: string) => void }) {
  // a fresh form each time it opens (the parent gives it a new key)
  const [name, setName] = useState(() => `Walk ${new Date().toLocaleDateString()}`);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tree = useLiveQuery(() => (isOpen ? api.racks.tree.query() : Promise.resolve([])), [isOpen], ['racks']);
  const toggle = (id: string) => setChosen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  async function create() {
    setBusy(true);
    setError(null);
    try {
      const w = await api.walks.create.mutate({ name, rackIds: [...chosen] });
      onClose(w.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={() => onClose()} title="Plan a rack walk" icon="walk">
      <DialogBody>
        <FormGroup label="Name"><InputGroup value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="walk-name" /></FormGroup>
        <FormGroup label="Racks to walk" helperText={`${chosen.size} chosen. The walk works offline: the racks and their devices are in this machine's copy.`}>
          <div style={{ maxHeight: 320, overflow: 'auto' }}>
            {tree.data?.map((site) => site.rooms.map((room) => (
              <div key={room.room.id}>
                <div className="noc-muted">{site.site.name} / {room.room.name}</div>
                {room.racks.map((r) => <Checkbox key={r.id} inline checked={chosen.has(r.id)} onChange={() => toggle(r.id)} label={r.name} data-testid="walk-pick-rack" data-name={r.name} />)}
              </div>
            )))}
          </div>
        </FormGroup>
        {error && <Callout intent="danger">{error}</Callout>}
      </DialogBody>
      <DialogFooter actions={<>
        <Button text="Cancel" onClick={() => onClose()} />
        <Button intent="primary" text="Plan walk" loading={busy} disabled={chosen.size === 0 || !name.trim()} onClick={() => void create()} data-testid="walk-create" />
      </>} />
    </Dialog>
  );
}
