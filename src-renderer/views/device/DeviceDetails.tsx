// Everything about a device at a glance: where it is, what it is, how to reach it.
import { Button, Tag } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import { DEVICE_WIDTHS } from '../../../shared/choices';
import { typeLabel, unitsLabel } from '../../lib/format';
import { nocStore } from '../../stores';
import type { DeviceDetail } from '../../stores/api-port';
import { StatusTag } from '../inventory/cells';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

const dash = (s: string | null | undefined) => (s ? s : <span className="noc-muted">—</span>);

export function DeviceDetails({ detail }: { detail: DeviceDetail }) {
  const { device: d, rack, site, host, vms } = detail;
  const s = d.specs;
  const open = (id: string) => nocStore.getState().openDevice(id);
  return (
    <div className="noc-details" data-testid="device-details">
      <h4 className="noc-section-title">Location</h4>
      <dl className="noc-kv">
        <Row label="Site">{site ? `${site.name} (${site.code})` : dash(null)}</Row>
        <Row label="Rack" testId="detail-rack">
          {rack ? <Button variant="minimal" size="small" className="noc-link" icon="server" text={rack.name} data-testid="detail-rack-link" onClick={() => nocStore.getState().showRack(rack.id)} /> : dash(null)}
        </Row>
        <Row label="Units" testId="detail-units">{d.type === 'vm' ? <span className="noc-muted">virtual</span> : d.position === null ? (d.rackId ? '0U / unplaced' : dash(null)) : `${unitsLabel(d)} · ${d.heightU}U`}</Row>
        <Row label="Face">{d.type === 'vm' ? dash(null) : `${d.face === 'front' ? 'Front' : 'Rear'}${d.fullDepth ? ', full depth' : ''}`}</Row>
        <Row label="Width">{d.type === 'vm' ? dash(null) : DEVICE_WIDTHS.find((w) => w.value === d.width)?.label ?? d.width}</Row>
      </dl>
      <h4 className="noc-section-title">Identity</h4>
      <dl className="noc-kv">
        <Row label="Type">{typeLabel(d.type)}</Row>
        <Row label="Status"><StatusTag status={d.status} /></Row>
        <Row label="Serial"><span className="noc-mono">{dash(d.serial)}</span></Row>
        <Row label="Asset tag"><span className="noc-mono">{dash(d.assetTag)}</span></Row>
        <Row label="Mgmt IP"><span className="noc-mono">{dash(d.mgmtIp)}</span></Row>
        <Row label="Primary IP"><span className="noc-mono">{dash(d.primaryIp)}</span></Row>
        <Row label="OS">{dash(d.os)}</Row>
      </dl>
      <h4 className="noc-section-title">Specs</h4>
      <dl className="noc-kv">
        <Row label="CPU">{dash(s.cpu)}</Row>
        <Row label="RAM">{s.ramGb ? `${s.ramGb} GB` : dash(null)}</Row>
        <Row label="Storage">{dash(s.storage)}</Row>
        <Row label="GPU">{dash(s.gpu)}</Row>
        <Row label="NICs">{s.nics.length ? s.nics.map((n) => `${n.name} ${n.speedGbps} Gb/s${n.mac ? ` (${n.mac})` : ''}`).join(', ') : dash(null)}</Row>
        {d.notes && <Row label="Notes"><span className="noc-prewrap">{d.notes}</span></Row>}
      </dl>
      {host && (
        <>
          <h4 className="noc-section-title">Runs on</h4>
          <div className="noc-linklist">
            <Button variant="minimal" size="small" icon="server" className="noc-link" text={host.name} data-testid="detail-host" onClick={() => open(host.id)} />
            <StatusTag status={host.status} />
          </div>
        </>
      )}
      {d.type === 'server' && (
        <>
          <h4 className="noc-section-title">Virtual machines <Tag minimal round>{vms.length}</Tag></h4>
          {vms.length === 0 ? <p className="noc-muted">None.</p> : (
            <div className="noc-linklist" data-testid="detail-vms">
              {vms.map((vm) => (
                <span key={vm.id} className="noc-linkitem">
                  <Button variant="minimal" size="small" icon="cloud" className="noc-link" text={vm.name} onClick={() => open(vm.id)} />
                  <StatusTag status={vm.status} />
                </span>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
