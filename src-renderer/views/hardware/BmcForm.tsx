// The BMC settings of a server: address, credentials (write-only: the stored password is never
// shown, only that there is one), cipher suites, the explicit "allow insecure" flag with its
// warning, the console driver, polling. Errors from the shared schema or the core appear at
// their field.
import { Button, Callout, Checkbox, HTMLSelect, InputGroup, NumericInput, Switch } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import { BMC_PRIVILEGES, CIPHER_SUITE_CHOICES, CONSOLE_DRIVERS, type BmcCipherSuite, type BmcPrivilege, type ConsoleDriverKind } from '../../../shared/bmc';
import type { BmcView } from '../../../shared/bmc-types';
import { bmcSetInput } from '../../../shared/schemas/bmc';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';

interface Props {
  deviceId: string;
  deviceName: string;
  current: BmcView | null;
  mgmtIp: string;
  onSaved(view: BmcView): void;
  onCancel?(): void;
}

export function BmcForm({ deviceId, deviceName, current, mgmtIp, onSaved, onCancel }: Props) {
  const [address, setAddress] = useState(current?.address ?? mgmtIp);
  const [port, setPort] = useState(current?.port ?? 623);
  const [username, setUsername] = useState(current?.username ?? '');
  const [password, setPassword] = useState('');
  const [kg, setKg] = useState('');
  const [privilege, setPrivilege] = useState<BmcPrivilege>(current?.privilege ?? 'administrator');
  const [suites, setSuites] = useState<BmcCipherSuite[]>(current?.cipherSuites ?? [17, 3]);
  const [allowInsecure, setAllowInsecure] = useState(current?.allowInsecure ?? false);
  const [driver, setDriver] = useState<ConsoleDriverKind>(current?.consoleDriver ?? 'sol');
  const [sshTarget, setSshTarget] = useState(current?.sshTarget ?? '');
  const [pollEnabled, setPollEnabled] = useState(current?.pollEnabled ?? true);
  const [pollIntervalS, setPollIntervalS] = useState(current?.pollIntervalS ?? 60);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);

  const toggleSuite = (s: BmcCipherSuite, on: boolean) => setSuites((l) => (on ? [...l.filter((x) => x !== s), s].sort((a, b) => b - a) : l.filter((x) => x !== s)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      deviceId, address, port, username, privilege, cipherSuites: suites, allowInsecure, consoleDriver: driver, sshTarget, pollEnabled, pollIntervalS,
      // empty: keep what is stored (and a new BMC is refused without one, at the field)
      ...(password !== '' ? { password } : {}),
      ...(kg !== '' ? { kg } : {}),
    };
    const parsed = bmcSetInput.safeParse(input);
    if (!parsed.success) {
      setErr({ message: null, fields: zodFieldErrors(parsed.error) });
      return;
    }
    setBusy(true);
    setErr(NO_ERROR);
    try {
      const view = await api.bmc.set.mutate(input);
      toast({ intent: 'success', icon: 'tick', message: `${deviceName}: BMC settings saved` });
      setPassword('');
      setKg('');
      onSaved(view);
    } catch (error) {
      setErr(formErrorOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="noc-form noc-bmc-form" onSubmit={(e) => void submit(e)} data-testid="bmc-form">
      <div className="noc-form-row">
        <Field label="BMC address" labelFor="bmc-address" name="address" errors={err.fields} className="noc-grow">
          <InputGroup id="bmc-address" data-testid="bmc-address" className="noc-mono" value={address} onChange={(e) => setAddress(e.currentTarget.value)} placeholder="10.0.9.14" />
        </Field>
        <Field label="UDP port" labelFor="bmc-port" name="port" errors={err.fields}>
          <NumericInput id="bmc-port" data-testid="bmc-port" value={port} min={1} max={65535} buttonPosition="none" onValueChange={(v) => setPort(Number.isFinite(v) ? v : 0)} style={{ width: 80 }} />
        </Field>
      </div>
      <div className="noc-form-row">
        <Field label="User" labelFor="bmc-user" name="username" errors={err.fields} className="noc-grow">
          <InputGroup id="bmc-user" data-testid="bmc-user" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="off" />
        </Field>
        <Field label="Password" labelFor="bmc-password" name="password" errors={err.fields} className="noc-grow" helperText={current?.hasPassword ? 'Stored sealed; leave empty to keep it.' : 'Stored sealed, never shown again.'}>
          <InputGroup id="bmc-password" data-testid="bmc-password" type="password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" placeholder={current?.hasPassword ? '••••••••' : ''} />
        </Field>
      </div>
      <div className="noc-form-row">
        <Field label="BMC key Kg (optional)" labelFor="bmc-kg" name="kg" errors={err.fields} className="noc-grow" helperText={current?.hasKg ? 'A Kg is stored; leave empty to keep it.' : 'Only when the BMC has one set.'}>
          <InputGroup id="bmc-kg" type="password" value={kg} onChange={(e) => setKg(e.currentTarget.value)} autoComplete="off" />
        </Field>
        <Field label="Privilege" labelFor="bmc-priv" name="privilege" errors={err.fields}>
          <HTMLSelect id="bmc-priv" value={privilege} onChange={(e) => setPrivilege(e.currentTarget.value as BmcPrivilege)} options={BMC_PRIVILEGES.map((p) => ({ value: p.value, label: p.label }))} />
        </Field>
      </div>
      <Field label="Cipher suites" name="cipherSuites" errors={err.fields} helperText="Tried in this order: 17 first, then 3.">
        {CIPHER_SUITE_CHOICES.map((c) => {
          const id = Number(c.value) as BmcCipherSuite;
          return <Checkbox key={c.value} inline label={c.label} checked={suites.includes(id)} disabled={id === 0 && !allowInsecure && !suites.includes(0)} onChange={(e) => toggleSuite(id, e.currentTarget.checked)} data-testid={`bmc-suite-${c.value}`} />;
        })}
      </Field>
      <Switch checked={allowInsecure} onChange={(e) => setAllowInsecure(e.currentTarget.checked)} label="Allow insecure logins for this BMC (cipher suite 0, “none” authentication, anonymous)" data-testid="bmc-insecure" />
      {allowInsecure && (
        <Callout intent="danger" compact icon="warning-sign" className="noc-bmc-insecure" data-testid="bmc-insecure-warning">
          With insecure logins allowed, anyone who can reach this BMC&apos;s network may control the server without a password. Use only for a BMC that offers nothing better, on an isolated network.
        </Callout>
      )}
      <div className="noc-form-row">
        <Field label="Console" labelFor="bmc-driver" name="consoleDriver" errors={err.fields}>
          <HTMLSelect id="bmc-driver" data-testid="bmc-driver" value={driver} onChange={(e) => setDriver(e.currentTarget.value as ConsoleDriverKind)} options={CONSOLE_DRIVERS.map((d) => ({ value: d.value, label: d.label }))} />
        </Field>
        <Field label="SSH target" labelFor="bmc-ssh" name="sshTarget" errors={err.fields} className="noc-grow" helperText="user@host[:port], for the SSH console.">
          <InputGroup id="bmc-ssh" className="noc-mono" value={sshTarget} onChange={(e) => setSshTarget(e.currentTarget.value)} placeholder="root@10.0.0.5" />
        </Field>
      </div>
      <div className="noc-form-row noc-form-row-center">
        <Switch checked={pollEnabled} onChange={(e) => setPollEnabled(e.currentTarget.checked)} label="Poll power and sensors every" />
        <Field name="pollIntervalS" errors={err.fields}>
          <NumericInput value={pollIntervalS} min={10} max={3600} buttonPosition="none" disabled={!pollEnabled} onValueChange={(v) => setPollIntervalS(Number.isFinite(v) ? v : 0)} style={{ width: 70 }} rightElement={<span className="noc-muted noc-unit">s</span>} />
        </Field>
      </div>
      {err.message && <Callout intent="danger" compact data-testid="bmc-form-error">{err.message}</Callout>}
      <div className="noc-form-actions">
        <Button type="submit" intent="primary" text="Save BMC" loading={busy} data-testid="bmc-save" />
        {onCancel && <Button text="Cancel" variant="minimal" onClick={onCancel} />}
      </div>
    </form>
  );
}
