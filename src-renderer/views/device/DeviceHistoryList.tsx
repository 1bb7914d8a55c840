// The audit history of a device: who, when, what, why, and each field before → after.
import { NonIdealState, Tag, type Intent } from '@blueprintjs/core';
import { useMemo } from 'react';
import { changedFields } from '../../lib/audit-diff';
import { formatDateTime } from '../../lib/format';
import { useNoc } from '../../stores';
import type { DeviceHistory, RackTree } from '../../stores/api-port';

const ACTIONS: Record<string, { label: string; intent: Intent }> = {
  insert: { label: 'Created', intent: 'success' },
  update: { label: 'Edited', intent: 'primary' },
  status: { label: 'Status', intent: 'warning' },
  delete: { label: 'Deleted', intent: 'danger' },
};

const FIELD_LABELS: Record<string, string> = {
  assetTag: 'asset tag', mgmtIp: 'mgmt IP', primaryIp: 'primary IP', heightU: 'height', rackId: 'rack', siteId: 'site', hostId: 'host', fullDepth: 'full depth',
};

/** Site, room and rack ids by name, so a move reads "IAD1-A01 → IAD1-B02". */
function namesOf(tree: RackTree | null, extra: Record<string, string>): Map<string, string> {
  const m = new Map(Object.entries(extra));
  for (const { site, rooms } of tree ?? []) {
    m.set(site.id, site.name);
    for (const { room, racks } of rooms) {
      m.set(room.id, room.name);
      for (const r of racks) m.set(r.id, r.name);
    }
  }
  return m;
}

const ID_FIELDS = new Set(['rackId', 'siteId', 'hostId']);

export function DeviceHistoryList({ entries, known = {} }: { entries: DeviceHistory; known?: Record<string, string> }) {
  const tree = useNoc((s) => s.racks.tree);
  const names = useMemo(() => namesOf(tree, known), [tree, known]);
  const show = (field: string, v: string) => (ID_FIELDS.has(field) ? names.get(v) ?? v : v);
  if (entries.length === 0) return <NonIdealState icon="history" title="No history" description="Nothing has been recorded for this device yet." />;
  return (
    <ol className="noc-history" data-testid="device-history">
      {entries.map((e) => {
        const action = ACTIONS[e.action] ?? { label: e.action, intent: 'none' as const };
        const changes = changedFields(e);
        return (
          <li key={e.id} className="noc-history-entry" data-testid="history-entry" data-action={e.action}>
            <div className="noc-history-head">
              <Tag minimal intent={action.intent}>{action.label}</Tag>
              <span className="noc-history-who">{e.actor}</span>
              <span className="noc-muted noc-mono">{formatDateTime(e.at)}</span>
            </div>
            {e.reason && <div className="noc-history-reason" data-testid="history-reason">“{e.reason}”</div>}
            {changes.length > 0 && (
              <table className="noc-history-changes">
                <tbody>
                  {changes.slice(0, e.action === 'insert' ? 8 : changes.length).map((c) => (
                    <tr key={c.field}>
                      <th>{FIELD_LABELS[c.field] ?? c.field}</th>
                      <td>{e.action !== 'insert' && <><span className="noc-before">{show(c.field, c.before)}</span><span className="noc-arrow">→</span></>}<span className="noc-after">{show(c.field, c.after)}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        );
      })}
    </ol>
  );
}
