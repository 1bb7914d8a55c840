// How each inventory column shows a row.
import { Tag } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import type { DeviceListRow } from '../../../shared/types';
import type { ColumnKey } from '../../lib/columns';
import { formatDateTime, hlcTime, statusIntent, statusLabel, typeLabel, unitsLabel } from '../../lib/format';

export function StatusTag({ status }: { status: DeviceListRow['status'] }) {
  return <Tag minimal intent={statusIntent(status)} className={`noc-status-tag noc-status-${status}`} data-testid="status-tag">{statusLabel(status)}</Tag>;
}

export function cellOf(key: ColumnKey, d: DeviceListRow): ReactNode {
  switch (key) {
    // Demo rows are not marked one by one: the status bar says demo data is loaded.
    case 'name': return <span className="noc-cell-name">{d.name}</span>;
    case 'status': return <StatusTag status={d.status} />;
    case 'type': return typeLabel(d.type);
    case 'site': return d.siteName ?? '—';
    case 'rack': return d.rackName ?? (d.type === 'vm' ? <span className="noc-muted">VM</span> : '—');
    case 'position': return unitsLabel(d);
    case 'serial': return <span className="noc-mono">{d.serial || '—'}</span>;
    case 'assetTag': return <span className="noc-mono">{d.assetTag || '—'}</span>;
    case 'mgmtIp': return <span className="noc-mono">{d.mgmtIp || '—'}</span>;
    case 'primaryIp': return <span className="noc-mono">{d.primaryIp || '—'}</span>;
    case 'os': return d.os || '—';
    case 'cpu': return d.specs.cpu || '—';
    case 'ram': return d.specs.ramGb ? `${d.specs.ramGb} GB` : '—';
    case 'updatedAt': return formatDateTime(hlcTime(d.updatedAt));
  }
}
