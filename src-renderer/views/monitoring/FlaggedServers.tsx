// Servers starved or idle for a week, across the fleet: one list instead of opening every
// drawer. A row opens the device.
import { Callout, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { UtilisationFlag } from '../../../shared/monitoring-types';
import { api } from '../../trpc';

type Flagged = Awaited<ReturnType<typeof api.monitoring.flagged.query>>;

const RESOURCE: Record<UtilisationFlag['resource'], string> = { cpu: 'CPU', memory: 'memory', disk: 'disk' };

export function flagLabel(f: UtilisationFlag): string {
  return `${RESOURCE[f.resource]} ${f.level === 'over' ? 'over' : 'under'}-utilised (mean ${Math.round(f.meanPct)} %)`;
}

export function FlaggedServers({ onOpen }: { onOpen?(deviceId: string): void }) {
  const [list, setList] = useState<Flagged | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.monitoring.flagged.query().then(setList, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error) return <Callout intent="danger" compact>{error}</Callout>;
  if (!list) return <Spinner size={20} />;
  if (list.length === 0) return <div className="noc-muted" data-testid="flagged-none">No server has been over 90 % or under 5 % for a week.</div>;
  return (
    <HTMLTable compact striped interactive={!!onOpen} data-testid="flagged-servers" style={{ width: '100%' }}>
      <thead><tr><th>Server</th><th>For the last week</th></tr></thead>
      <tbody>
        {list.map((d) => (
          <tr key={d.deviceId} data-testid="flagged-server" onClick={() => onOpen?.(d.deviceId)}>
            <td>{d.name}</td>
            <td>{d.flags.map((f) => <Tag key={`${f.resource}-${f.level}`} minimal intent={f.level === 'over' ? 'danger' : 'primary'} data-testid="utilisation-flag" style={{ marginRight: 4 }}>{flagLabel(f)}</Tag>)}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
