// Administration of the shared database, for admins: the people who log in (each an own
// PostgreSQL role in one group: admin, technician, provisioning, billing, viewer, or a
// customer login tied to its customer), and the shared schema (checked, and upgraded only
// when an admin says so, with the database owner's login).
import { Button, Callout, FormGroup, HTMLSelect, HTMLTable, InputGroup, NonIdealState, Switch } from '@blueprintjs/core';
import { useState } from 'react';
import { addPgUserInput, STAFF_GROUPS } from '../../../shared/schemas/sync';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLiveQuery, useSyncStatus } from '../sync/hooks';
import '../sync/sync.css';

const ROLES = [...STAFF_GROUPS, 'customer'] as const;

export function AdminView() {
  const role = useNoc((s) => s.actor?.role);
  const s = useSyncStatus();
  if (role !== 'admin') return <section className="noc-view"><NonIdealState icon="lock" title="Administrators only" description="Logins and the shared schema are managed by an administrator." /></section>;
  return (
    <section className="noc-view noc-admin-view" data-testid="admin-view">
      {s?.mode === 'shared' && s.state === 'online'
        ? <Users />
        : <Callout intent="primary" icon="info-sign">Logins live in the shared database: connect to it first (Sync view). Logins of this machine's headless host are managed with <code>noc user add</code>.</Callout>}
      <Schema defaultUrl={s?.url ?? ''} />
    </section>
  );
}

function Users() {
  const users = useLiveQuery(() => api.sync.users.query(), [], []);
  const [busy, setBusy] = useState<string | null>(null);
  async function act(login: string, fn: () => Promise<unknown>, ok: string) {
    setBusy(login);
    try {
      await fn();
      toast({ intent: 'success', message: ok });
      users.reload();
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className="noc-sync-card" data-testid="admin-users">
      <h3>People who log in</h3>
      {users.error && <Callout intent="danger">{users.error}</Callout>}
      {users.data && (
        <HTMLTable className="noc-sync-table" compact>
          <thead><tr><th>Login</th><th>Name</th><th>Role</th><th>Customer</th><th>Can log in</th><th>Added by</th></tr></thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.login} data-testid="admin-user-row" data-login={u.login}>
                <td>{u.login}</td>
                <td>{u.fullName}</td>
                <td>
                  {u.role === 'customer' ? 'customer' : (
                    <HTMLSelect value={u.role} disabled={busy === u.login} data-testid="admin-user-role"
                      onChange={(e) => { const r = e.currentTarget.value; void act(u.login, () => api.sync.grant.mutate({ login: u.login, role: r as (typeof STAFF_GROUPS)[number] }), `${u.login} is now ${r}.`); }}
                      options={STAFF_GROUPS.map((g) => ({ value: g, label: g }))} />
                  )}
                </td>
                <td>{u.customerId ?? ''}</td>
                <td><Switch checked={u.canLogin} disabled={busy === u.login} onChange={(e) => { const on = e.currentTarget.checked; void act(u.login, () => api.sync.setEnabled.mutate({ login: u.login, enabled: on }), `${u.login} ${on ? 'can log in again' : 'can no longer log in'}.`); }} /></td>
                <td className="noc-muted">{u.createdBy}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <AddUser onAdded={users.reload} />
    </div>
  );
}

function AddUser({ onAdded }: { onAdded: () => void }) {
  const [form, setForm] = useState({ login: '', fullName: '', role: 'technician', customerId: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  async function add() {
    const parsed = addPgUserInput.safeParse({ ...form, customerId: form.role === 'customer' ? form.customerId || null : null });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? '_'), i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.sync.addUser.mutate(parsed.data);
      toast({ intent: 'success', icon: 'person', message: `${parsed.data.login} can log in now, as ${parsed.data.role}.` });
      setForm({ login: '', fullName: '', role: form.role, customerId: '', password: '' });
      onAdded();
    } catch (err) {
      setErrors({ _: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  const g = (k: string) => ({ intent: errors[k] ? ('danger' as const) : ('none' as const), helperText: errors[k] });
  return (
    <form className="noc-sync-form" onSubmit={(e) => { e.preventDefault(); void add(); }} data-testid="admin-add-user">
      <FormGroup label="Login" {...g('login')}><InputGroup value={form.login} onChange={set('login')} data-testid="admin-login" /></FormGroup>
      <FormGroup label="Name" {...g('fullName')}><InputGroup value={form.fullName} onChange={set('fullName')} /></FormGroup>
      <FormGroup label="Role" {...g('role')}><HTMLSelect value={form.role} onChange={set('role')} options={ROLES.map((r) => ({ value: r, label: r }))} data-testid="admin-role" fill /></FormGroup>
      {form.role === 'customer' && <FormGroup label="Customer id" {...g('customerId')}><InputGroup value={form.customerId} onChange={set('customerId')} /></FormGroup>}
      <FormGroup label="Password" {...g('password')}><InputGroup type="password" value={form.password} onChange={set('password')} data-testid="admin-password" /></FormGroup>
      <FormGroup><Button type="submit" intent="primary" icon="new-person" text="Add login" loading={busy} data-testid="admin-add" /></FormGroup>
      {errors._ && <Callout intent="danger">{errors._}</Callout>}
    </form>
  );
}

function Schema({ defaultUrl }: { defaultUrl: string }) {
  const [url, setUrl] = useState(defaultUrl);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [info, setInfo] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(what: 'check' | 'migrate') {
    setBusy(true);
    setInfo(null);
    try {
      if (what === 'check') {
        const r = await api.sync.schema.query({ url, user: user || undefined, password: password || undefined });
        setState(r.state);
        setInfo({ none: 'No Aedify NOC schema there yet.', older: `Schema ${r.version}; this app needs ${r.expected}.`, current: `Schema ${r.version}, as this app expects.`, newer: `Schema ${r.version}, newer than this app (${r.expected}): update Aedify NOC.` }[r.state]);
      } else {
        const r = await api.sync.migrate.mutate({ url, user, password });
        setState('current');
        setInfo(r.applied.length ? `Upgraded from ${r.from} to ${r.to}: ${r.applied.map((m) => `${m.version} ${m.name}`).join(', ')}.` : 'Nothing to do.');
      }
    } catch (err) {
      setInfo(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="noc-sync-card" data-testid="admin-schema">
      <h3>Shared schema</h3>
      <p className="noc-muted">Creating or upgrading the schema needs the login that owns the database (it creates the group roles). Ordinary clients never change it.</p>
      <div className="noc-sync-form">
        <FormGroup label="PostgreSQL URL"><InputGroup value={url} onChange={(e) => setUrl(e.currentTarget.value)} /></FormGroup>
        <FormGroup label="Owner login"><InputGroup value={user} onChange={(e) => setUser(e.currentTarget.value)} /></FormGroup>
        <FormGroup label="Password"><InputGroup type="password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} /></FormGroup>
        <FormGroup>
          <div className="noc-sync-actions">
            <Button text="Check" onClick={() => void run('check')} loading={busy} disabled={!url} />
            <Button text="Upgrade" intent="warning" onClick={() => void run('migrate')} disabled={busy || !url || !user || !password || state === 'current' || state === 'newer'} />
          </div>
        </FormGroup>
      </div>
      {info && <Callout intent={state === 'current' ? 'success' : 'primary'}>{info}</Callout>}
    </div>
  );
}
