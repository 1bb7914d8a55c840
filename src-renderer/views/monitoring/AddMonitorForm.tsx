// The one form: "add a switch by address and community" (or SNMPv3 keys), also used to
// start monitoring an existing device from its drawer. Errors show next to their field,
// from the shared schema first and then from the core.
import { Button, Callout, HTMLSelect, InputGroup, NumericInput, Switch } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { SnmpCredentialView } from '../../../shared/monitoring-types';
import { DEVICE_TYPES } from '../../../shared/choices';
import type { MonitoredDeviceView } from '../../../src-main/domains/monitoring/service';
import { monitorAddInput } from '../../../shared/schemas/monitoring';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';

export function AddMonitorForm({ deviceId, onAdded }: { deviceId?: string; onAdded(view: MonitoredDeviceView): void }) {
  const [address, setAddress] = useState('');
  const [port, setPort] = useState(161);
  const [v3, setV3] = useState(false);
  const [community, setCommunity] = useState('');
  const [user, setUser] = useState('');
  const [authKey, setAuthKey] = useState('');
  const [privKey, setPrivKey] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState('switch');
  const [interval, setInterval] = useState(60);
  const [error, setError] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);
  const [groups, setGroups] = useState<SnmpCredentialView[]>([]);
  const [groupId, setGroupId] = useState('');
  useEffect(() => {
    void api.monitoring.credentials.query().then(setGroups, () => setGroups([]));
  }, []);

  const submit = async () => {
    const input = {
      address: address.trim(), port, intervalS: interval,
      ...(groupId ? { credentialId: groupId } : v3 ? { v3: { user, authKey: authKey || undefined, privKey: privKey || undefined } } : { community }),
      ...(deviceId ? { deviceId } : { name: name.trim() || undefined, type }),
    };
    const parsed = monitorAddInput.safeParse(input);
    if (!parsed.success) return setError({ message: null, fields: zodFieldErrors(parsed.error) });
    setBusy(true);
    try {
      const view = await api.monitoring.add.mutate(input as Parameters<typeof api.monitoring.add.mutate>[0]);
      setError(NO_ERROR);
      setCommunity('');
      setAuthKey('');
      setPrivKey('');
      onAdded(view);
    } catch (err) {
      setError(formErrorOf(err));
    } finally {
      setBusy(false);
    }
  };

  const f = error.fields;
  return (
    <form className="noc-monitor-form" data-testid="monitor-add-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
      <div className="noc-form-row">
        <Field label="Address" name="address" errors={f} className="noc-grow">
          <InputGroup value={address} onChange={(e) => setAddress(e.target.value)} placeholder="10.0.0.2 or sw1.example.net" data-testid="monitor-address" autoFocus />
        </Field>
        <Field label="Port" name="port" errors={f}>
          <NumericInput value={port} onValueChange={(v) => setPort(Number.isFinite(v) ? v : 0)} min={1} max={65535} buttonPosition="none" style={{ width: 80 }} data-testid="monitor-port" />
        </Field>
      </div>
      {groups.length > 0 && (
        <Field label="Credential group" name="credentialId" errors={f} helperText="One community or SNMPv3 user shared by many devices">
          <HTMLSelect value={groupId} onChange={(e) => setGroupId(e.target.value)} data-testid="monitor-credential-group"
            options={[{ value: '', label: 'None: this device’s own credentials' }, ...groups.map((g) => ({ value: g.id, label: `${g.name} (SNMP ${g.version}${g.user ? `, ${g.user}` : ''})` }))]} />
        </Field>
      )}
      {!groupId && <Switch checked={v3} onChange={() => setV3(!v3)} label="SNMPv3 (user and keys) instead of a v2c community" />}
      {groupId ? null : !v3 ? (
        <Field label="Community" name="community" errors={f}>
          <InputGroup type="password" value={community} onChange={(e) => setCommunity(e.target.value)} data-testid="monitor-community" autoComplete="off" />
        </Field>
      ) : (
        <div className="noc-form-row">
          <Field label="User" name="v3.user" errors={f}><InputGroup value={user} onChange={(e) => setUser(e.target.value)} /></Field>
          <Field label="Auth key (SHA)" name="v3.authKey" errors={f}><InputGroup type="password" value={authKey} onChange={(e) => setAuthKey(e.target.value)} autoComplete="off" /></Field>
          <Field label="Privacy key (AES)" name="v3.privKey" errors={f}><InputGroup type="password" value={privKey} onChange={(e) => setPrivKey(e.target.value)} autoComplete="off" /></Field>
        </div>
      )}
      {!deviceId && (
        <div className="noc-form-row">
          <Field label="Name" name="name" errors={f} helperText="Default: the address" className="noc-grow">
            <InputGroup value={name} onChange={(e) => setName(e.target.value)} data-testid="monitor-name" />
          </Field>
          <Field label="Type" name="type" errors={f}>
            <HTMLSelect value={type} onChange={(e) => setType(e.target.value)} options={DEVICE_TYPES.filter((t) => t.value !== 'vm' && t.value !== 'patch_panel').map((t) => ({ value: t.value, label: t.label }))} />
          </Field>
        </div>
      )}
      <Field label="Poll every (seconds)" name="intervalS" errors={f} helperText="At least 10 s">
        <NumericInput value={interval} onValueChange={(v) => setInterval(Number.isFinite(v) ? v : 0)} min={1} buttonPosition="none" style={{ width: 100 }} data-testid="monitor-interval" />
      </Field>
      <Button type="submit" intent="primary" icon="add" text={deviceId ? 'Monitor this device' : 'Add and start polling'} loading={busy} data-testid="monitor-submit" />
    </form>
  );
}
