// The status bar's word on the shared back end: standalone, or online/offline with the last
// sync, the changes waiting to be pushed, and what needs a person (conflicts, refused
// changes). A click opens the Sync view. While an upload or download runs, its progress.
import { Icon, ProgressBar, Tag, Tooltip } from '@blueprintjs/core';
import { useNoc } from '../../stores';
import { ago, useNow, useSyncStatus } from './hooks';
import './sync.css';

const STATE: Record<string, { label: string; dot: string }> = {
  online: { label: 'Shared: online', dot: 'noc-dot-success' },
  connecting: { label: 'Shared: connecting…', dot: 'noc-dot-warning' },
  offline: { label: 'Shared: offline', dot: 'noc-dot-danger' },
  error: { label: 'Shared: needs attention', dot: 'noc-dot-danger' },
};

export function SyncIndicator() {
  const setView = useNoc((st) => st.setView);
  const onOpen = () => setView('sync');
  const s = useSyncStatus();
  const now = useNow();
  if (!s) return null;
  if (s.mode === 'standalone') {
    return (
      <Tooltip content="This store is not shared. Connect it to a shared PostgreSQL in the Sync view." placement="top" compact>
        <span className="noc-status-item noc-sync-indicator" data-testid="sync-indicator" data-state="standalone" onClick={onOpen} role="button" tabIndex={0}>
          <Icon icon="database" size={12} />Standalone
        </span>
      </Tooltip>
    );
  }
  const st = STATE[s.state] ?? STATE.offline!;
  const hint = [
    s.url ? `${s.url}${s.login ? ` as ${s.login} (${s.role})` : ''}` : '',
    `Last sync: ${ago(s.lastSyncAt, now)}.`,
    `${s.pending} change(s) waiting to be pushed.`,
    s.lastError ?? (s.state === 'online' ? 'Changes from other desks appear as they happen.' : ''),
  ].filter(Boolean).join(' ');
  return (
    <Tooltip content={hint} placement="top" compact>
      <span className="noc-status-item noc-sync-indicator" data-testid="sync-indicator" data-state={s.state} onClick={onOpen} role="button" tabIndex={0}>
        <span className={`noc-dot ${st.dot}`} />
        <span>{st.label}</span>
        <span className="noc-muted" data-testid="sync-last">{s.state === 'online' ? `synced ${ago(s.lastSyncAt, now)}` : s.lastSyncAt ? `last sync ${ago(s.lastSyncAt, now)}` : ''}</span>
        <span title="Changes waiting to be pushed" data-testid="sync-pending"><Icon icon="cloud-upload" size={12} /> {s.pending}</span>
        {s.conflicts > 0 && <Tag minimal intent="warning" icon="git-merge" data-testid="sync-conflicts">{s.conflicts}</Tag>}
        {s.refused + s.parked + s.applyFailed > 0 && <Tag minimal intent="danger" icon="disable" data-testid="sync-refused">{s.refused + s.parked + s.applyFailed}</Tag>}
        {s.progress && (
          <span className="noc-sync-mini-progress" data-testid="sync-progress">
            <ProgressBar value={s.progress.total > 0 ? s.progress.done / s.progress.total : 0} stripes={false} intent="primary" />
          </span>
        )}
      </span>
    </Tooltip>
  );
}
