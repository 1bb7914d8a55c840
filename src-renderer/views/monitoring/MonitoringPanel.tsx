// The device drawer's Monitoring tab: live state, the server's own resource use with
// over/under-utilisation flags, the switch ports it plugs into (with their graphs), its
// interfaces with bandwidth graphs, service checks, and its alarms.
import { Button, Callout, Checkbox, HTMLTable, HTMLSelect, InputGroup, NumericInput, ProgressBar, Spinner, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import { CHECK_KINDS, MONITOR_STATES, type CheckKind } from '../../../shared/monitoring';
import type { AlarmTimelineEntry, AlarmView, MonitoredInterface, ResourceUse, UtilisationFlag } from '../../../shared/monitoring-types';
import { checkInput } from '../../../shared/schemas/monitoring';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';
import { DevicePicker, type PickedDevice } from '../ipam/DevicePicker';
import { AddMonitorForm } from './AddMonitorForm';
import { BandwidthGraph } from './BandwidthGraph';
import { MaintenanceWindows } from './MaintenanceWindows';
import { PortGroups } from './PortGroups';
import { bps, OPER, pct } from './format';
import './monitoring.css';

type Detail = Awaited<ReturnType<typeof api.monitoring.detail.query>>;
type Live = Awaited<ReturnType<typeof api.monitoring.live.query>>;

/** errors or discards per second, in / out ("—" before two polls) */
const perS = (a?: number | null, b?: number | null) => (a == null && b == null ? '—' : `${rateText(a)} / ${rateText(b)}`);
const rateText = (v?: number | null) => (v == null ? '—' : v === 0 ? '0' : v < 10 ? v.toFixed(1) : String(Math.round(v)));

const stateIntent = (s: string) => MONITOR_STATES.find((x) => x.value === s)?.intent ?? 'none';

const RESOURCE_LABEL: Record<UtilisationFlag['resource'], string> = { cpu: 'CPU', memory: 'memory', disk: 'disk' };
const flagText = (f: UtilisationFlag) =>
  f.level === 'over' ? `${RESOURCE_LABEL[f.resource]} over-utilised (> 90 % all week, mean ${Math.round(f.meanPct)} %)` : `${RESOURCE_LABEL[f.resource]} under-utilised (< 5 % all week, mean ${Math.round(f.meanPct)} %)`;

function Resources({ r }: { r: ResourceUse }) {
  if (r.at === null) return null;
  const bar = (label: string, v: number | null) => (
    <div className="noc-res-row"><span>{label}</span><ProgressBar value={(v ?? 0) / 100} stripes={false} intent={v !== null && v > 90 ? 'danger' : v !== null && v > 75 ? 'warning' : 'success'} /><b>{pct(v)}</b></div>
  );
  return (
    <section className="noc-mon-section" data-testid="resources">
      <h4>Resource use {r.flags.map((f) => (
        <Tag key={`${f.resource}-${f.level}`} intent={f.level === 'over' ? 'danger' : 'primary'} minimal data-testid="utilisation-flag">
          {flagText(f)}
        </Tag>
      ))}</h4>
      {bar('CPU', r.cpuPct)}
      {bar('Memory', r.memPct)}
      {bar('Disk (fullest)', r.diskPct)}
      {r.weekHours < r.weekHoursNeeded
        ? <div className="noc-muted">Utilisation flags need a week of hourly data ({r.weekHours} h so far).</div>
        : r.flags.length === 0 && <div className="noc-muted">No sustained over- or under-use in the last week.</div>}
    </section>
  );
}

function AddCheck({ deviceId, onAdded }: { deviceId: string; onAdded(): void }) {
  const [kind, setKind] = useState<CheckKind>('ping');
  const [port, setPort] = useState(22);
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState(0);
  const [tlsVerify, setTlsVerify] = useState(true);
  const [interval, setInterval] = useState(60);
  const [error, setError] = useState<FormError>(NO_ERROR);
  const submit = async () => {
    const http = kind === 'http';
    const input = { deviceId, kind, port: kind === 'tcp' ? port : null, url: http ? url : '', expectText: http ? text : '', expectStatus: http ? status : 0, tlsVerify: http ? tlsVerify : true, intervalS: interval };
    const parsed = checkInput.safeParse(input);
    if (!parsed.success) return setError({ message: null, fields: zodFieldErrors(parsed.error) });
    try {
      await api.monitoring.addCheck.mutate(input);
      setError(NO_ERROR);
      onAdded();
    } catch (err) {
      setError(formErrorOf(err));
    }
  };
  return (
    <div className="noc-form-row noc-add-check" data-testid="add-check">
      <HTMLSelect value={kind} onChange={(e) => setKind(e.target.value as CheckKind)} options={CHECK_KINDS.map((k) => ({ value: k.value, label: k.label }))} />
      {kind === 'tcp' && <Field label="Port" name="port" errors={error.fields} inline><NumericInput value={port} onValueChange={setPort} buttonPosition="none" style={{ width: 70 }} /></Field>}
      {kind === 'http' && <>
        <Field label="URL" name="url" errors={error.fields} className="noc-grow"><InputGroup value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://host/health" data-testid="check-url" /></Field>
        <Field label="Expected text" name="expectText" errors={error.fields}><InputGroup value={text} onChange={(e) => setText(e.target.value)} data-testid="check-text" /></Field>
        <Field label="Expected status" name="expectStatus" errors={error.fields} helperText="0 = any 2xx/3xx" inline>
          <NumericInput value={status} onValueChange={(v) => setStatus(Number.isFinite(v) ? v : 0)} min={0} max={599} buttonPosition="none" style={{ width: 60 }} data-testid="check-status" />
        </Field>
        <Checkbox checked={tlsVerify} onChange={() => setTlsVerify(!tlsVerify)} label="Verify certificate" data-testid="check-tls-verify" />
      </>}
      <Field label="Every (s)" name="intervalS" errors={error.fields} inline><NumericInput value={interval} onValueChange={setInterval} buttonPosition="none" style={{ width: 60 }} data-testid="check-interval" /></Field>
      <Button icon="add" text="Add check" onClick={() => void submit()} />
      {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
    </div>
  );
}

/** A port's other end (switch port ↔ server), its committed rate, whether its link alarms. */
function PortEditor({ port, onSaved }: { port: MonitoredInterface; onSaved(): void }) {
  const [linked, setLinked] = useState<PickedDevice | null>(port.linkedDeviceId ? { id: port.linkedDeviceId, name: port.linkedDeviceId, type: '' } : null);
  const [commit, setCommit] = useState<number>(port.committedMbps ?? 0);
  const [alarm, setAlarm] = useState(port.alarmOnDown);
  const [error, setError] = useState<FormError>(NO_ERROR);
  useEffect(() => {
    if (port.linkedDeviceId) void api.inventory.get.query({ id: port.linkedDeviceId }).then((d) => d && setLinked({ id: d.device.id, name: d.device.name, type: d.device.type }));
  }, [port.linkedDeviceId]);
  const save = async () => {
    try {
      await api.monitoring.updateInterface.mutate({ id: port.id, linkedDeviceId: linked?.id ?? null, committedMbps: commit > 0 ? commit : null, alarmOnDown: alarm });
      setError(NO_ERROR);
      onSaved();
    } catch (err) {
      setError(formErrorOf(err));
    }
  };
  return (
    <div className="noc-form-row noc-port-editor" data-testid="port-editor">
      <Field label="Connected device" name="linkedDeviceId" errors={error.fields} className="noc-grow"><DevicePicker value={linked} onChange={setLinked} /></Field>
      <Field label="Commit (Mbit/s)" name="committedMbps" errors={error.fields} helperText="0 = none"><NumericInput value={commit} onValueChange={setCommit} min={0} buttonPosition="none" style={{ width: 90 }} /></Field>
      <Checkbox checked={alarm} onChange={() => setAlarm(!alarm)} label="Alarm when the link goes down" />
      <Button intent="primary" text="Save" onClick={() => void save()} />
      {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
    </div>
  );
}

/** The device this one sits behind: when it is down, this one is UNREACHABLE inside its alarm. */
function ParentPicker({ m, uplinks, onSaved }: { m: NonNullable<Detail['monitored']>; uplinks: Detail['uplinks']; onSaved(): void }) {
  const [parent, setParent] = useState<PickedDevice | null>(m.parentDeviceId ? { id: m.parentDeviceId, name: m.parentName ?? m.parentDeviceId, type: '' } : null);
  const [error, setError] = useState<FormError>(NO_ERROR);
  const save = async () => {
    try {
      await api.monitoring.update.mutate({ deviceId: m.deviceId, patch: { parentDeviceId: parent?.id ?? null } });
      setError(NO_ERROR);
      onSaved();
    } catch (err) {
      setError(formErrorOf(err));
    }
  };
  const viaPort = uplinks[0]?.switchName;
  return (
    <div className="noc-form-row" data-testid="parent-picker">
      <Field label="Behind (parent)" name="parentDeviceId" errors={error.fields} className="noc-grow"
        helperText={viaPort ? `None set: ${viaPort} counts, its port is linked to this device.` : 'When the parent is down, this device shows as unreachable inside its alarm.'}>
        <DevicePicker value={parent} onChange={setParent} />
      </Field>
      <Button text="Save parent" onClick={() => void save()} data-testid="parent-save" />
      {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
    </div>
  );
}

/** Every alarm of this device (and those it was affected by), newest first, with its timeline. */
function AlarmHistory({ deviceId }: { deviceId: string }) {
  const [list, setList] = useState<AlarmView[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<AlarmTimelineEntry[]>([]);
  useEffect(() => {
    void api.alarms.list.query({ deviceId, limit: 30 }).then(setList);
  }, [deviceId]);
  useEffect(() => {
    if (open) void api.alarms.timeline.query({ id: open }).then(setTimeline);
  }, [open]);
  if (!list || list.length === 0) return null;
  return (
    <section className="noc-mon-section" data-testid="alarm-history">
      <h4>Alarm history</h4>
      {list.map((a) => (
        <div key={a.id} className="noc-hist">
          <button type="button" className="noc-linklike" onClick={() => setOpen(open === a.id ? null : a.id)}>
            {new Date(a.since).toLocaleString()} · {a.state} · {a.label}{a.clearedAt ? ` · cleared after ${Math.max(1, Math.round((a.clearedAt - a.since) / 60_000))} min` : ' · active'}
          </button>
          {open === a.id && (
            <ol className="noc-timeline">
              {timeline.map((e, i) => <li key={i}><span className="noc-muted">{new Date(e.at).toLocaleTimeString()}</span> {e.kind} {e.state ?? ''} — {e.actor}: {e.detail}</li>)}
            </ol>
          )}
        </div>
      ))}
    </section>
  );
}

export function MonitoringPanel({ deviceId }: { deviceId: string }) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [live, setLive] = useState<Live | null>(null);
  const [res, setRes] = useState<ResourceUse | null>(null);
  const [alarms, setAlarms] = useState<AlarmView[]>([]);
  const [graphOf, setGraphOf] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [polling, setPolling] = useState(false);

  const load = useCallback(async () => {
    try {
      const [d, l, r, a] = await Promise.all([
        api.monitoring.detail.query({ deviceId }), api.monitoring.live.query({ deviceId }),
        api.monitoring.resources.query({ deviceId }), api.alarms.list.query({ deviceId, active: true }),
      ]);
      setDetail(d);
      setLive(l);
      setRes(r);
      setAlarms(a);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [deviceId]);

  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 15_000);
    return () => clearInterval(t);
  }, [load]);

  if (error) return <Callout intent="danger" compact>{error}</Callout>;
  if (!detail) return <div className="noc-center"><Spinner size={20} /></div>;
  const m = detail.monitored;
  const liveIf = new Map((live?.interfaces ?? []).map((i) => [i.ifIndex, i]));

  return (
    <div className="noc-monitoring" data-testid="monitoring-panel">
      {m ? (
        <section className="noc-mon-section">
          <div className="noc-mon-state">
            <Tag large intent={stateIntent(live?.state?.state ?? 'OK')} data-testid="monitoring-state">{live?.state?.state ?? 'PENDING'}</Tag>
            <span>{live?.state?.message}</span>
            <Button small icon="refresh" text="Poll now" loading={polling} onClick={() => { setPolling(true); void api.monitoring.pollNow.mutate({ deviceId }).finally(() => { setPolling(false); void load(); }); }} />
          </div>
          <div className="noc-muted">
            SNMP {m.credential?.version ?? '—'} at {m.address}:{m.port}, every {m.intervalS} s{m.parentName && <>, behind {m.parentName}</>}
            {live?.sysName && <> · sysName {live.sysName}</>}
            {live?.state?.lastPollAt && <> · last poll {new Date(live.state.lastPollAt).toLocaleTimeString()}</>}
          </div>
          {live?.sysDescr && <div className="noc-muted noc-mono">{live.sysDescr}</div>}
          <ParentPicker key={`${m.parentDeviceId ?? ''}`} m={m} uplinks={detail.uplinks} onSaved={() => void load()} />
        </section>
      ) : (
        <section className="noc-mon-section">
          <h4>Not polled over SNMP</h4>
          <AddMonitorForm deviceId={deviceId} onAdded={() => void load()} />
        </section>
      )}

      {alarms.length > 0 && (
        <section className="noc-mon-section">
          <h4>Active alarms</h4>
          {alarms.map((a) => <div key={a.id}><Tag intent={stateIntent(a.state)} minimal>{a.state}</Tag> {a.label}: {a.message}{a.ack && <span className="noc-muted"> (acknowledged by {a.ack.by})</span>}</div>)}
        </section>
      )}

      <AlarmHistory deviceId={deviceId} />

      <section className="noc-mon-section">
        <h4>Maintenance</h4>
        <MaintenanceWindows device={{ id: deviceId, name: m?.name ?? 'this device', type: m?.type ?? '' }} />
      </section>

      {res && <Resources r={res} />}

      {detail.uplinks.length > 0 && (
        <section className="noc-mon-section" data-testid="uplinks">
          <h4>Switch ports this device plugs into</h4>
          {detail.uplinks.map((u) => <BandwidthGraph key={u.id} interfaceId={u.id} title={`${u.switchName} ${u.name || `ifIndex ${u.ifIndex}`}${u.committedMbps ? ` (commit ${u.committedMbps} Mbit/s)` : ''}`} />)}
        </section>
      )}

      {detail.interfaces.length > 0 && (
        <section className="noc-mon-section">
          <h4>Interfaces</h4>
          {graphOf && <BandwidthGraph interfaceId={graphOf} title={detail.interfaces.find((i) => i.id === graphOf)?.name} />}
          {graphOf && detail.interfaces.some((i) => i.id === graphOf) && <PortEditor key={graphOf} port={detail.interfaces.find((i) => i.id === graphOf)!} onSaved={() => void load()} />}
          <HTMLTable compact striped interactive className="noc-if-table" data-testid="interfaces">
            <thead><tr><th>Port</th><th>Alias</th><th>Link</th><th>In</th><th>Out</th><th title="per second, in / out">Errors/s</th><th title="per second, in / out">Discards/s</th><th>Speed</th><th>Commit</th></tr></thead>
            <tbody>
              {detail.interfaces.map((i) => {
                const l = liveIf.get(i.ifIndex);
                return (
                  <tr key={i.id} onClick={() => setGraphOf(i.id)} className={graphOf === i.id ? 'noc-selected' : ''}>
                    <td>{i.name || i.ifIndex}{i.alarmOnDown && <Tag minimal className="noc-alarm-flag">alarms</Tag>}</td>
                    <td>{i.alias}</td>
                    <td>{l?.oper ? OPER[l.oper] ?? l.oper : '—'}</td>
                    <td>{bps(l?.inBps)}</td>
                    <td>{bps(l?.outBps)}</td>
                    <td data-testid="if-errors">{perS(l?.inErrPs, l?.outErrPs)}</td>
                    <td data-testid="if-discards">{perS(l?.inDiscPs, l?.outDiscPs)}</td>
                    <td>{i.speedMbps ? `${i.speedMbps} Mbit/s` : '—'}</td>
                    <td>{i.committedMbps ? `${i.committedMbps} Mbit/s` : ''}{i.linkedDeviceId && <Tag minimal icon="link" className="noc-alarm-flag">linked</Tag>}</td>
                  </tr>
                );
              })}
            </tbody>
          </HTMLTable>
        </section>
      )}

      {detail.interfaces.length > 0 && (
        <section className="noc-mon-section">
          <h4>Customers' port groups</h4>
          <PortGroups ports={detail.interfaces} />
        </section>
      )}

      <section className="noc-mon-section">
        <h4>Service checks</h4>
        {detail.checks.map((c) => <div key={c.id} className="noc-check" data-testid="check-row">
          <Tag minimal intent={c.status ? stateIntent(c.status.state) : 'none'} data-testid="check-state">{c.status?.state ?? 'PENDING'}</Tag>{' '}
          {c.kind} · {c.name}{c.kind === 'http' && <> · expects {c.expectStatus || '2xx/3xx'}{c.expectText && <> and “{c.expectText}”</>}{!c.tlsVerify && <> · certificate not verified</>}</>} · every {c.intervalS} s
          {c.status && <span className="noc-muted" data-testid="check-message"> · {c.status.message}{c.status.at !== null && <> ({new Date(c.status.at).toLocaleTimeString()})</>}</span>} <Button small variant="minimal" icon="trash" onClick={() => void api.monitoring.removeCheck.mutate({ id: c.id }).then(load)} title="Remove this check" /></div>)}
        <AddCheck deviceId={deviceId} onAdded={() => void load()} />
      </section>
      <PollersStatus />
    </div>
  );
}

/** The pollers' own health: jobs, traps and SNMP answers received and dropped (counted, never silent). */
function PollersStatus() {
  const [st, setSt] = useState<Awaited<ReturnType<typeof api.monitoring.status.query>> | null>(null);
  useEffect(() => {
    void api.monitoring.status.query().then(setSt, () => setSt(null));
  }, []);
  if (!st) return null;
  const dropped = st.snmp.malformed + st.snmp.oversize + st.snmp.unmatched;
  return (
    <div className="noc-muted noc-mon-section" data-testid="pollers-status">
      Pollers {st.running ? 'running' : 'stopped'}, {st.scheduler.jobs} job(s) · traps: {st.traps.received} received, {st.traps.dropped} dropped, {st.traps.unknownSource} from unknown agents
      {' '}· SNMP answers dropped: {dropped}{dropped > 0 && ` (${st.snmp.malformed} malformed, ${st.snmp.oversize} oversize, ${st.snmp.unmatched} unmatched)`}
      {st.error && <> · last error: {st.error}</>}
    </div>
  );
}
