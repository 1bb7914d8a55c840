// A customer's set of ports under one commit (bandwidth alarms at 80/100/101 % of their sum),
// in a switch's Monitoring tab: the groups its ports belong to, and a form to group some of
// its ports for a customer. Groups spanning switches are made with `noc monitor group add`.
import { Button, Callout, Checkbox, HTMLSelect, InputGroup, NumericInput, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { MonitoredInterface, PortGroup } from '../../../shared/monitoring-types';
import { portGroupInput } from '../../../shared/schemas/monitoring';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';

function AddGroup({ ports, customers, onAdded }: { ports: MonitoredInterface[]; customers: Array<{ id: string; name: string }>; onAdded(): void }) {
  const [name, setName] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [commit, setCommit] = useState(0);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<FormError>(NO_ERROR);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  const submit = async () => {
    const input = { name, customerId: customerId || null, interfaceIds: [...chosen], committedMbps: commit };
    const parsed = portGroupInput.safeParse(input);
    if (!parsed.success) return setError({ message: null, fields: zodFieldErrors(parsed.error) });
    try {
      await api.monitoring.createPortGroup.mutate(parsed.data);
      setError(NO_ERROR);
      onAdded();
    } catch (err) {
      setError(formErrorOf(err));
    }
  };
  const f = error.fields;
  return (
    <div className="noc-maint-form" data-testid="port-group-form">
      {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
      <div className="noc-form-row">
        <Field label="Name" name="name" errors={f} className="noc-grow"><InputGroup value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Acme uplinks" data-testid="port-group-name" /></Field>
        <Field label="Customer" name="customerId" errors={f}>
          <HTMLSelect value={customerId} onChange={(e) => setCustomerId(e.target.value)} data-testid="port-group-customer"
            options={[{ value: '', label: '— none —' }, ...customers.map((c) => ({ value: c.id, label: c.name }))]} />
        </Field>
        <Field label="Commit together (Mbit/s)" name="committedMbps" errors={f}>
          <NumericInput value={commit} onValueChange={(v) => setCommit(Number.isFinite(v) ? v : 0)} min={0} buttonPosition="none" style={{ width: 100 }} data-testid="port-group-commit" />
        </Field>
      </div>
      <Field label="Ports" name="interfaceIds" errors={f}>
        <div className="noc-maint-devices">
          {ports.map((p) => <Checkbox key={p.id} inline checked={chosen.has(p.id)} onChange={() => toggle(p.id)} label={p.name || `ifIndex ${p.ifIndex}`} />)}
        </div>
      </Field>
      <Button intent="primary" icon="add" text="Group these ports" onClick={() => void submit()} data-testid="port-group-submit" />
    </div>
  );
}

export function PortGroups({ ports }: { ports: MonitoredInterface[] }) {
  const [groups, setGroups] = useState<PortGroup[]>([]);
  const [customers, setCustomers] = useState<Array<{ id: string; name: string }>>([]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => setError(err instanceof Error ? err.message : String(err));
  const load = useCallback(() => {
    api.monitoring.portGroups.query().then((g) => { setGroups(g); setError(null); }, fail);
  }, []);
  useEffect(() => {
    load();
    api.customers.list.query({ limit: 1000 }).then((r) => setCustomers(r.rows.map((c) => ({ id: c.id, name: c.name }))), fail);
  }, [load]);
  const mine = new Map(ports.map((p) => [p.id, p]));
  const shown = groups.filter((g) => g.interfaceIds.some((id) => mine.has(id)));
  const customerName = (id: string | null) => (id ? customers.find((c) => c.id === id)?.name ?? 'a customer' : null);

  return (
    <div className="noc-maint" data-testid="port-groups">
      {error && <Callout intent="danger" compact>{error}</Callout>}
      {shown.map((g) => (
        <div key={g.id} className="noc-maint-row" data-testid="port-group">
          <b>{g.name}</b>
          {customerName(g.customerId) && <Tag minimal icon="person">{customerName(g.customerId)}</Tag>}
          <span>{g.interfaceIds.map((id) => mine.get(id)?.name ?? '(another switch)').join(', ')}</span>
          <span className="noc-muted">commit {g.committedMbps} Mbit/s together · alarms at 80, 100 and 101 %</span>
          <Button small variant="minimal" icon="trash" title="Remove this group (its bandwidth alarm clears)" onClick={() => void api.monitoring.removePortGroup.mutate({ id: g.id }).then(load, fail)} data-testid="port-group-remove" />
        </div>
      ))}
      {adding
        ? <AddGroup ports={ports} customers={customers} onAdded={() => { setAdding(false); load(); }} />
        : <Button small icon="add" text="Group ports for a customer (one commit)" onClick={() => setAdding(true)} data-testid="port-group-add" />}
    </div>
  );
}
