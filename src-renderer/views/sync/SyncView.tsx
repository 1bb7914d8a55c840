// Shared database: where this store stands (standalone / shared, online or not, last sync,
// what waits), connecting it (the first time uploads its data once, with a progress bar, and
// says what it did), the conflicts for a person to resolve, and the changes the server
// refused or that wait for its schema.
import { Button, Callout, FormGroup, HTMLTable, InputGroup, NonIdealState, ProgressBar, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { SyncConflict, SyncReject } from '../../../shared/sync-types';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { ago, useLiveQuery, useNow, useSyncStatus, type SyncStatus } from './hooks';
import './sync.css';

const RESOLVERS = new Set(['admin', 'technician', 'provisioning', 'billing']);

export function SyncView() {
  const s = useSyncStatus();
  const role = useNoc((st) => st.actor?.role);
  return (
    <section className="noc-view noc-sync-view" data-testid="sync-view">
      <StatusCard s={s} />
      <ConnectCard s={s} />
      <ConflictsCard canResolve={role ? RESOLVERS.has(role) : false} />
      <RejectsCard canResolve={role ? RESOLVERS.has(role) : false} />
    </section>
  );
}

function StatusCard({ s }: { s: SyncStatus | null }) {
  const now = useNow();
  const [busy, setBusy] = useState(false);
  if (!s) return <div className="noc-sync-card">Loading…</div>;
  async function run(what: 'now' | 'disconnect') {
    setBusy(true);
    try {
      if (what === 'now') {
        const r = await api.sync.syncNow.mutate();
        toast({ intent: 'success', icon: 'refresh', message: `Synced: ${r.pushed} change(s) pushed, ${r.pulled} row(s) pulled.` });
      } else {
        await api.sync.disconnect.mutate();
        toast({ icon: 'offline', message: 'Disconnected: working on the local copy.' });
      }
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="noc-sync-card" data-testid="sync-status-card">
      <h3>{s.mode === 'standalone' ? 'Standalone store' : 'Shared database'}</h3>
      <div className="noc-sync-grid">
        <span>Mode</span><span data-testid="sync-mode">{s.mode === 'standalone' ? 'Standalone: everything stays on this machine.' : 'Shared: this store is a copy of the shared database.'}</span>
        {s.mode === 'shared' && <><span>State</span><span data-testid="sync-state">{s.state}{s.login ? ` as ${s.login} (${s.role})` : ''}</span></>}
        {s.url && <><span>Database</span><span>{s.url}</span></>}
        {s.mode === 'shared' && <><span>Last sync</span><span>{ago(s.lastSyncAt, now)}</span></>}
        <span>Waiting</span><span data-testid="sync-waiting">{s.pending} change(s) to push</span>
        {s.conflicts > 0 && <><span>Conflicts</span><span>{s.conflicts} to resolve (below)</span></>}
        {s.refused + s.parked + s.applyFailed > 0 && <><span>Refused</span><span>{s.refused} refused, {s.parked} waiting for the schema, {s.applyFailed} not applied locally</span></>}
        {s.localOnlyTables.length > 0 && <><span>Not shared yet</span><span>{s.localOnlyTables.join(', ')} (the shared schema is older: an admin upgrades it)</span></>}
      </div>
      {s.lastError && <Callout intent={s.state === 'error' ? 'danger' : 'warning'} className="noc-sync-actions" data-testid="sync-error">{s.lastError}</Callout>}
      {s.progress && (
        <div className="noc-sync-actions" data-testid="sync-progress-bar">
          <span>{s.progress.phase === 'upload' ? 'Uploading' : 'Downloading'} {s.progress.done.toLocaleString()} of {s.progress.total.toLocaleString()}</span>
          <ProgressBar value={s.progress.total > 0 ? s.progress.done / s.progress.total : 0} intent="primary" />
        </div>
      )}
      {s.mode === 'shared' && s.state === 'online' && (
        <div className="noc-sync-actions">
          <Button icon="refresh" text="Sync now" loading={busy} onClick={() => void run('now')} data-testid="sync-now" />
          <Button icon="offline" text="Disconnect" disabled={busy} onClick={() => void run('disconnect')} />
        </div>
      )}
    </div>
  );
}

function ConnectCard({ s }: { s: SyncStatus | null }) {
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (s?.url && !url) setUrl(s.url);
  }, [s?.url, url]);
  if (!s || (s.mode === 'shared' && s.state === 'online' && !busy && !done)) return null;
  async function connect() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await api.sync.connect.mutate({ url: url.trim(), user: user.trim() || undefined, password: password || undefined });
      setDone(r.message);
      setPassword('');
    } catch (err) {
      const data = (err as { data?: { field?: string | null } }).data;
      setError({ message: err instanceof Error ? err.message : String(err), field: data?.field ?? null });
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <div className="noc-sync-card" data-testid="sync-connect">
      <h3>{s.mode === 'standalone' ? 'Share this store' : 'Log in to the shared database'}</h3>
      {s.mode === 'standalone' && <p className="noc-muted">Connecting makes this store a copy of a shared PostgreSQL: its data is uploaded once, then every desk sees the same datacenter. It keeps working offline and syncs when the database is back.</p>}
      <form className="noc-sync-form" onSubmit={(e) => { e.preventDefault(); void connect(); }}>
        <FormGroup label="PostgreSQL URL" intent={fieldError('url') ? 'danger' : 'none'} helperText={fieldError('url')}>
          <InputGroup value={url} onChange={(e) => setUrl(e.currentTarget.value)} placeholder="postgresql://db.example:5432/noc" data-testid="sync-url" />
        </FormGroup>
        <FormGroup label="Your login">
          <InputGroup value={user} onChange={(e) => setUser(e.currentTarget.value)} placeholder="(or in the URL)" data-testid="sync-user" />
        </FormGroup>
        <FormGroup label="Password" intent={fieldError('password') ? 'danger' : 'none'} helperText={fieldError('password')}>
          <InputGroup type="password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="sync-password" />
        </FormGroup>
        <FormGroup>
          <Button type="submit" intent="primary" icon="link" text={s.mode === 'standalone' ? 'Connect and upload' : 'Connect'} loading={busy} disabled={!url.trim()} data-testid="sync-connect-button" />
        </FormGroup>
      </form>
      {busy && s.progress && <ProgressBar value={s.progress.total > 0 ? s.progress.done / s.progress.total : 0} intent="primary" />}
      {error && !error.field && <Callout intent="danger" data-testid="sync-connect-error">{error.message}</Callout>}
      {done && <Callout intent="success" icon="tick" data-testid="sync-connect-done">{done}</Callout>}
    </div>
  );
}

function Values({ v, racks }: { v: Record<string, unknown>; racks: Map<string, string> }) {
  return (
    <div className="noc-sync-values">
      {Object.entries(v).map(([k, x]) => `${k}: ${k === 'rack_id' && typeof x === 'string' ? racks.get(x) ?? x : x === null ? '—' : String(x)}`).join('\n')}
    </div>
  );
}

/** The conflict group of a row deleted on one side and edited on the other (src-main/sync/merge.ts DELETE_EDIT). */
const DELETE_EDIT = 'deleted / edited';
const isDeleted = (v: Record<string, unknown>) => v.deleted === 1 || v.deleted === true || v.deleted === '1';

/** One side of a delete/edit conflict: "Deleted", or the fields it edited. */
function DeleteEditSide({ v, racks }: { v: Record<string, unknown>; racks: Map<string, string> }) {
  if (isDeleted(v)) return <Tag intent="danger" minimal icon="trash">Deleted</Tag>;
  const edit = Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'deleted'));
  return <><div className="noc-muted">Edited:</div><Values v={edit} racks={racks} /></>;
}

function RowName({ c }: { c: SyncConflict }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (c.tableName !== 'devices') return;
    api.inventory.get.query({ id: c.rowId }).then((d) => setName(d?.device.name ?? null), () => setName(null));
  }, [c.tableName, c.rowId]);
  return <span>{c.tableName === 'devices' ? 'device' : c.tableName} <b>{name ?? c.rowId.slice(0, 8)}</b></span>;
}

function ConflictsCard({ canResolve }: { canResolve: boolean }) {
  const list = useLiveQuery(() => api.sync.conflicts.query({ status: 'open', limit: 200 }), [], ['sync_conflicts']);
  const [racks, setRacks] = useState(new Map<string, string>());
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    api.racks.tree.query().then((tree) => setRacks(new Map(tree.flatMap((s) => s.rooms.flatMap((r) => r.racks.map((k) => [k.id, k.name] as [string, string]))))), () => undefined);
  }, []);
  async function resolve(c: SyncConflict, choice: 'server' | 'incoming', done: string) {
    setBusy(c.id);
    try {
      await api.sync.resolveConflict.mutate({ id: c.id, choice });
      toast({ intent: 'success', icon: 'tick', message: done });
      list.reload();
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className="noc-sync-card" data-testid="sync-conflicts-card">
      <h3>Conflicts</h3>
      <p className="noc-muted">The same field changed on two sides before either saw the other: status, rack position, IP assignment or rental — or a row was deleted on one side while it was edited on the other. The server kept its side; both are here until someone decides.</p>
      {list.error && <Callout intent="danger">{list.error}</Callout>}
      {list.data && list.data.length === 0 && <NonIdealState icon="tick-circle" description="No conflicts." />}
      {list.data && list.data.length > 0 && (
        <HTMLTable className="noc-sync-table" compact>
          <thead><tr><th>What</th><th>Field</th><th>On the server</th><th>The other change</th><th /></tr></thead>
          <tbody>
            {list.data.map((c) => c.fieldGroup === DELETE_EDIT ? (
              <DeleteEditRow key={c.id} c={c} racks={racks} canResolve={canResolve} busy={busy === c.id} resolve={resolve} />
            ) : (
              <tr key={c.id} data-testid="conflict-row" data-group={c.fieldGroup}>
                <td><RowName c={c} /><div className="noc-sync-by">{new Date(c.detectedAt).toLocaleString()}</div></td>
                <td><Tag minimal intent="warning">{c.fieldGroup}</Tag></td>
                <td><Values v={c.serverValue} racks={racks} /><div className="noc-sync-by">by {c.serverBy || '?'}</div></td>
                <td><Values v={c.incomingValue} racks={racks} /><div className="noc-sync-by">by {c.incomingBy || '?'}</div></td>
                <td>
                  {canResolve && (
                    <div className="noc-sync-actions">
                      <Button small text="Keep server's" onClick={() => void resolve(c, 'server', 'Kept the server\'s value.')} loading={busy === c.id} data-testid="conflict-keep" />
                      <Button small intent="primary" text="Use the other" onClick={() => void resolve(c, 'incoming', 'Applied the other value.')} disabled={busy === c.id} data-testid="conflict-take" />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </div>
  );
}

/**
 * "Deleted on A / edited on B": the server kept its side (the row deleted, or alive with the
 * edit). Keep it deleted drops the edit (it stays in this record); restore brings the row back
 * with the edit. Which of the two is the server's side depends on who deleted.
 */
function DeleteEditRow({ c, racks, canResolve, busy, resolve }: {
  c: SyncConflict; racks: Map<string, string>; canResolve: boolean; busy: boolean;
  resolve: (c: SyncConflict, choice: 'server' | 'incoming', done: string) => Promise<void>;
}) {
  const serverDeleted = isDeleted(c.serverValue);
  const deletedBy = (serverDeleted ? c.serverBy : c.incomingBy) || '?';
  const editedBy = (serverDeleted ? c.incomingBy : c.serverBy) || '?';
  return (
    <tr data-testid="conflict-row" data-group={c.fieldGroup}>
      <td><RowName c={c} /><div className="noc-sync-by">{new Date(c.detectedAt).toLocaleString()}</div></td>
      <td><Tag minimal intent="warning">deleted on one side, edited on the other</Tag><div className="noc-sync-by" data-testid="conflict-delete-edit">Deleted by {deletedBy} / edited by {editedBy}. {serverDeleted ? 'It stays deleted' : 'It stays, with the edit,'} until someone decides.</div></td>
      <td><DeleteEditSide v={c.serverValue} racks={racks} /><div className="noc-sync-by">by {c.serverBy || '?'}</div></td>
      <td><DeleteEditSide v={c.incomingValue} racks={racks} /><div className="noc-sync-by">by {c.incomingBy || '?'}</div></td>
      <td>
        {canResolve && (
          <div className="noc-sync-actions">
            <Button small icon="trash" text="Keep it deleted" onClick={() => void resolve(c, serverDeleted ? 'server' : 'incoming', 'Kept it deleted; the edit was dropped (it stays in the conflict record).')} loading={busy} data-testid="conflict-keep-deleted" />
            <Button small intent="primary" icon="undo" text="Restore with the edit" onClick={() => void resolve(c, serverDeleted ? 'incoming' : 'server', 'Restored, with the edit applied.')} disabled={busy} data-testid="conflict-restore" />
          </div>
        )}
      </td>
    </tr>
  );
}

function RejectsCard({ canResolve }: { canResolve: boolean }) {
  const list = useLiveQuery(() => api.sync.rejects.query(), [], ['outbox', 'sync_conflicts', 'devices', 'sites', 'racks']);
  const s = useSyncStatus();
  const [busy, setBusy] = useState<number | null>(null);
  useEffect(() => {
    list.reload();
    // the counts in the status change when the server refuses something
  }, [s?.refused, s?.parked, s?.applyFailed]);
  async function act(r: SyncReject, what: 'retry' | 'discard') {
    setBusy(r.id);
    try {
      if (what === 'retry') await api.sync.retryReject.mutate({ id: r.id });
      else await api.sync.discardReject.mutate({ id: r.id });
      list.reload();
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  }
  if (!list.data || list.data.length === 0) return null;
  return (
    <div className="noc-sync-card" data-testid="sync-rejects-card">
      <h3>Changes the server did not take</h3>
      <HTMLTable className="noc-sync-table" compact>
        <thead><tr><th>Change</th><th>Why</th><th>Values</th><th /></tr></thead>
        <tbody>
          {list.data.map((r) => (
            <tr key={r.id} data-testid="reject-row">
              <td>{r.op} {r.tableName} <span className="noc-muted">{r.rowId.slice(0, 8)}</span><div className="noc-sync-by">{new Date(r.at).toLocaleString()}</div></td>
              <td>{r.reason}</td>
              <td><div className="noc-sync-values">{Object.entries(r.fields).filter(([k]) => k !== 'id').map(([k, v]) => `${k}: ${String(v)}`).join('\n')}</div></td>
              <td>
                {canResolve && r.kind !== 'apply' && (
                  <div className="noc-sync-actions">
                    <Button small text="Retry" onClick={() => void act(r, 'retry')} loading={busy === r.id} />
                    <Button small intent="danger" text="Discard mine" onClick={() => void act(r, 'discard')} disabled={busy === r.id} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </div>
  );
}
