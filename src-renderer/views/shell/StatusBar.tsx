// Status bar: connection, who is logged in, demo badge, outbox, device counts.
import { Icon, Tag, Tooltip } from '@blueprintjs/core';
import { STAFF_ROLES } from '../../../shared/choices';
import { formatCount } from '../../lib/format';
import { useNoc, useShallow } from '../../stores';
import type { ConnectionStatus } from '../../stores/session-slice';
import { SyncIndicator } from '../sync/SyncIndicator';

const CONNECTION: Record<ConnectionStatus, { label: string; className: string; hint: string }> = {
  connecting: { label: 'Connecting…', className: 'noc-dot-warning', hint: 'Connecting to the server.' },
  online: { label: 'Online', className: 'noc-dot-success', hint: 'Connected: changes appear as they happen.' },
  reconnecting: { label: 'Reconnecting…', className: 'noc-dot-warning', hint: 'The connection was lost; retrying. What you see may be out of date.' },
  offline: { label: 'Offline', className: 'noc-dot-danger', hint: 'The server cannot be reached. Retrying in the background.' },
};

export function StatusBar() {
  const { connection, actor, info, total, counts } = useNoc(useShallow((s) => ({
    connection: s.connection, actor: s.actor, info: s.info, total: s.inventory.total, counts: s.inventory.counts,
  })));
  const conn = CONNECTION[connection];
  const all = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  const roleLabel = STAFF_ROLES.find((r) => r.value === actor?.role)?.label ?? actor?.role ?? '';
  return (
    <footer className="noc-statusbar" data-testid="status-bar">
      <Tooltip content={conn.hint} placement="top" compact>
        <span className="noc-status-item" data-testid="connection-state" data-state={connection}>
          <span className={`noc-dot ${conn.className}`} />{conn.label}
        </span>
      </Tooltip>
      {actor && (
        <span className="noc-status-item" data-testid="status-user"><Icon icon="person" size={12} />{actor.name}<span className="noc-muted">{roleLabel}</span></span>
      )}
      {info?.demo.loaded && (
        <Tooltip content="Demo lab data is loaded. Remove it from the settings menu (⚙)." placement="top" compact>
          <Tag intent="warning" icon="lab-test" data-testid="demo-badge">DEMO DATA</Tag>
        </Tooltip>
      )}
      <span className="noc-status-item" data-testid="outbox-pending" title="Changes not yet pushed to the shared back end">
        <Icon icon="cloud-upload" size={12} />Outbox {info ? formatCount(info.outboxPending) : '…'}
      </span>
      <SyncIndicator />
      <span className="noc-topbar-spacer" />
      {all !== null && <span className="noc-status-item noc-muted">{formatCount(all)} devices{total !== null && total !== all ? ` · ${formatCount(total)} shown` : ''}</span>}
    </footer>
  );
}
