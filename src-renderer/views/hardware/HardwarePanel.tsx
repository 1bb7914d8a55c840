// The device drawer's Hardware tab (issue 4): the server's BMC (with a visible warning when
// insecure logins are allowed), power state and power/boot actions, sensors with units and
// threshold status, the SEL, what the poller saw change. Refreshes itself while open.
import { Button, Callout, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import { SEL_SEVERITIES } from '../../../shared/bmc';
import type { BmcView, HardwareView } from '../../../shared/bmc-types';
import type { Device } from '../../../shared/types';
import { formErrorOf } from '../../lib/errors';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { BmcForm } from './BmcForm';
import { ago, droppedText, sensorStatus, sensorValue, thresholdsText } from './format';
import { PowerActions } from './PowerActions';
import './hardware.css';

const EDITORS = new Set(['admin', 'technician', 'provisioning']);
const REFRESH_MS = 10_000;

export function HardwarePanel({ device }: { device: Device }) {
  const role = useNoc((s) => s.actor?.role);
  const canEdit = role !== undefined && EDITORS.has(role);
  const [bmc, setBmc] = useState<BmcView | null | undefined>(undefined);
  const [hw, setHw] = useState<HardwareView | null>(null);
  const [editing, setEditing] = useState(false);
  const [polling, setPolling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    try {
      const [b, h] = await Promise.all([api.bmc.get.query({ deviceId: device.id }), api.bmc.hardware.query({ deviceId: device.id })]);
      setBmc(b);
      setHw(h);
      setError(null);
    } catch (err) {
      setError(formErrorOf(err).message ?? 'Could not load the hardware state.');
    }
    setNow(Date.now());
  }, [device.id]);

  const pollNow = useCallback(async () => {
    setPolling(true);
    try {
      setHw(await api.bmc.refresh.mutate({ deviceId: device.id }));
      setBmc(await api.bmc.get.query({ deviceId: device.id }));
    } catch (err) {
      toast({ intent: 'danger', icon: 'error', message: formErrorOf(err).message ?? 'The BMC could not be read.' });
    } finally {
      setPolling(false);
      setNow(Date.now());
    }
  }, [device.id]);

  useEffect(() => {
    setBmc(undefined);
    setHw(null);
    setEditing(false);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  if (bmc === undefined) return error ? <Callout intent="danger" compact>{error}</Callout> : <div className="noc-center"><Spinner size={24} /></div>;

  if (bmc === null || editing) {
    return (
      <div className="noc-hardware" data-testid="hardware-panel">
        <h4 className="noc-section-title">BMC</h4>
        {bmc === null && <p className="noc-muted">No BMC is configured for this server. {canEdit ? 'Enter its address and credentials to see power, sensors and the console.' : 'A technician can add it.'}</p>}
        {canEdit && <BmcForm deviceId={device.id} deviceName={device.name} current={bmc} mgmtIp={device.mgmtIp} onSaved={(v) => { setBmc(v); setEditing(false); void pollNow(); }} onCancel={bmc ? () => setEditing(false) : undefined} />}
      </div>
    );
  }

  return (
    <div className="noc-hardware" data-testid="hardware-panel">
      <h4 className="noc-section-title">BMC</h4>
      <div className="noc-bmc-summary">
        <span className="noc-mono" data-testid="bmc-endpoint">{bmc.address}:{bmc.port}</span>
        <span className="noc-muted">{bmc.username || 'anonymous'} · suites {bmc.cipherSuites.join(', ')} · console {bmc.consoleDriver}</span>
        {bmc.allowInsecure && <Tag intent="danger" icon="warning-sign" data-testid="bmc-insecure-tag">Insecure logins allowed</Tag>}
        <span className="noc-grow" />
        {canEdit && <Button size="small" variant="minimal" icon="edit" text="Edit" data-testid="bmc-edit" onClick={() => setEditing(true)} />}
      </div>
      {bmc.secretProblem && <Callout intent="warning" compact icon="key" data-testid="bmc-secret-problem">{bmc.secretProblem}</Callout>}
      {bmc.warnings.length > 0 && (
        <Callout intent={bmc.allowInsecure ? 'danger' : 'warning'} compact icon="shield" className="noc-bmc-warnings" data-testid="bmc-warnings">
          <ul>{bmc.warnings.map((w) => <li key={w.code}>{w.message}</li>)}</ul>
        </Callout>
      )}

      <h4 className="noc-section-title">Power</h4>
      <div className="noc-power-row">
        <Tag large intent={hw?.powerOn === null || !hw ? 'none' : hw.powerOn ? 'success' : 'danger'} icon="power" data-testid="power-state" data-power={hw?.powerOn === null || !hw ? 'unknown' : hw.powerOn ? 'on' : 'off'}>
          {hw?.powerOn === null || !hw ? 'Unknown' : hw.powerOn ? 'On' : 'Off'}
        </Tag>
        <span className="noc-muted" data-testid="polled-at">read {ago(hw?.polledAt ?? null, now)}{bmc.pollEnabled ? `, every ${bmc.pollIntervalS} s` : ', polling off'}</span>
        <span className="noc-grow" />
        <Button size="small" icon="refresh" text="Read now" loading={polling} onClick={() => void pollNow()} data-testid="hardware-refresh" />
      </div>
      {hw?.dropped && hw.dropped.total > 0 && (
        <p className="noc-muted" data-testid="bmc-dropped">{droppedText(hw.dropped)}</p>
      )}
      {hw?.error && <Callout intent="danger" compact icon="offline" data-testid="hardware-error">{hw.error}{hw.failures > 1 ? ` (${hw.failures} polls in a row)` : ''}</Callout>}
      <PowerActions deviceId={device.id} deviceName={device.name} powerOn={hw?.powerOn ?? null} canAct={canEdit} onDone={() => void load()} />

      <h4 className="noc-section-title">Sensors <Tag minimal round>{hw?.sensors.length ?? 0}</Tag></h4>
      {!hw || hw.sensors.length === 0 ? <p className="noc-muted">{hw?.polledAt ? 'The BMC reports no sensors.' : 'Not read yet.'}</p> : (
        <HTMLTable compact striped className="noc-sensors" data-testid="sensors-table">
          <thead><tr><th>Sensor</th><th>Reading</th><th>Status</th><th>Thresholds</th></tr></thead>
          <tbody>
            {hw.sensors.map((s) => {
              const st = sensorStatus(s.status);
              return (
                <tr key={s.name} data-testid="sensor-row" data-sensor={s.name} data-status={s.status}>
                  <td>{s.name}<div className="noc-muted noc-small">{s.type}</div></td>
                  <td className="noc-num" data-testid="sensor-value">{sensorValue(s)}</td>
                  <td><Tag minimal intent={st.intent}>{st.label}</Tag></td>
                  <td className="noc-muted noc-small">{thresholdsText(s.thresholds) || (s.error ?? '')}</td>
                </tr>
              );
            })}
          </tbody>
        </HTMLTable>
      )}

      <h4 className="noc-section-title">System event log <Tag minimal round>{hw?.selCount ?? 0}</Tag>
        {canEdit && (hw?.selCount ?? 0) > 0 && <Button size="small" variant="minimal" icon="trash" text="Clear" className="noc-title-action" onClick={() => void clearSel(device.id, device.name, load)} data-testid="sel-clear" />}
      </h4>
      {!hw || hw.sel.length === 0 ? <p className="noc-muted">{hw?.polledAt ? 'Empty.' : 'Not read yet.'}</p> : (
        <div className="noc-sel" data-testid="sel-list">
          {hw.sel.slice(0, 100).map((e) => {
            const sev = SEL_SEVERITIES.find((x) => x.value === e.severity)!;
            return (
              <div key={e.recordId} className="noc-sel-row">
                <Tag minimal intent={sev.intent}>{sev.label}</Tag>
                <span className="noc-muted noc-small">{e.at ? new Date(e.at).toLocaleString() : `#${e.recordId}`}</span>
                <span>{e.sensorType}{e.sensorNumber !== null ? ` #${e.sensorNumber}` : ''}: {e.description}{e.direction === 'deassertion' ? ' (deasserted)' : ''}</span>
              </div>
            );
          })}
        </div>
      )}

      {hw && hw.events.length > 0 && (
        <>
          <h4 className="noc-section-title">Seen by the poller</h4>
          <div className="noc-sel" data-testid="bmc-events">
            {hw.events.slice(0, 20).map((e) => (
              <div key={e.id} className="noc-sel-row">
                <Tag minimal intent={SEL_SEVERITIES.find((x) => x.value === e.severity)?.intent ?? 'none'}>{e.kind}</Tag>
                <span className="noc-muted noc-small">{new Date(e.at).toLocaleString()}</span>
                <span>{e.message}</span>
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

async function clearSel(deviceId: string, name: string, reload: () => Promise<void>): Promise<void> {
  // a plain confirm is enough here: clearing the SEL loses history, not power
  if (!window.confirm(`Clear the system event log of ${name}? Its entries are gone afterwards (the audit history records who cleared it).`)) return;
  try {
    await api.bmc.selClear.mutate({ deviceId, reason: '' });
    toast({ intent: 'success', icon: 'trash', message: `${name}: SEL cleared` });
  } catch (err) {
    toast({ intent: 'danger', icon: 'error', message: formErrorOf(err).message ?? 'The BMC refused it.' });
  }
  await reload();
}
