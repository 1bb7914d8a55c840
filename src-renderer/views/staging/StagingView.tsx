// The staging board: every server in Staging, by how far its QA checklist has come.
// Click a card for its checklist.
import { Button, Card, NonIdealState, ProgressBar, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { BoardCard } from '../../../shared/staging';
import { useNoc } from '../../stores';
import { businessStore, useBusiness } from '../../stores/customers-store';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import '../customers/business.css';
import { ChecklistPanel } from './ChecklistPanel';
import { TemplatesDialog } from './TemplatesDialog';

/** Who may change QA checklists (the router's templateEditor). */
const TEMPLATE_EDITORS = new Set(['admin', 'technician']);

const COLUMNS: Array<{ key: string; title: string; test(c: BoardCard): boolean }> = [
  { key: 'new', title: 'Not started', test: (c) => c.runId === null },
  { key: 'failing', title: 'Failing items', test: (c) => c.runId !== null && c.failed > 0 },
  { key: 'progress', title: 'In progress', test: (c) => c.runId !== null && c.failed === 0 && c.requiredOpen > 0 },
  { key: 'ready', title: 'Ready for Available', test: (c) => c.runId !== null && c.failed === 0 && c.requiredOpen === 0 },
];

export function StagingView() {
  const selected = useBusiness((s) => s.stagingDeviceId);
  const board = useLive(() => api.staging.board.query(), [], ['devices', 'staging_runs', 'staging_results', 'staging_templates']);
  const role = useNoc((s) => s.actor?.role) ?? 'viewer';
  const [editing, setEditing] = useState(false);
  return (
    <div className="noc-view noc-biz" data-testid="staging-view">
      <div className="noc-board" style={{ flex: selected ? '0 0 55%' : '1 1 auto' }}>
        {TEMPLATE_EDITORS.has(role) && <div style={{ gridColumn: '1 / -1', display: 'flex', justifyContent: 'flex-end' }}><Button small icon="properties" text="QA checklists…" onClick={() => setEditing(true)} data-testid="qa-templates" /></div>}
        {board.loading && !board.data && <Spinner size={24} />}
        {board.data?.length === 0 && <NonIdealState icon="clipboard" title="Nothing in Staging" description="New servers and servers back from a wiped rental appear here until their QA checklist is done." />}
        {board.data && board.data.length > 0 && COLUMNS.map((col) => {
          const cards = board.data!.filter(col.test);
          return (
            <div key={col.key} className="noc-board-col" data-testid={`board-${col.key}`}>
              <h4>{col.title} ({cards.length})</h4>
              {cards.map((c) => (
                <Card key={c.deviceId} interactive selected={c.deviceId === selected} className="noc-board-card" onClick={() => businessStore.setState({ stagingDeviceId: c.deviceId })} data-testid="board-card" data-device={c.deviceName}>
                  <div><b>{c.deviceName}</b> <span className="noc-muted">{c.rackName ? `${c.rackName} U${c.position ?? '?'}` : 'not racked'}</span></div>
                  <div className="noc-biz-sub">{c.templateName} · {c.done}/{c.total} done{c.requiredOpen ? ` · ${c.requiredOpen} required open` : ''}</div>
                  {c.failed > 0 && <Tag minimal intent="danger">{c.failed} failed</Tag>}
                  <ProgressBar value={c.total ? c.done / c.total : 0} stripes={false} animate={false} intent={c.failed ? 'danger' : c.requiredOpen === 0 && c.runId ? 'success' : 'primary'} />
                </Card>
              ))}
            </div>
          );
        })}
      </div>
      {selected && <div className="noc-biz-detail" style={{ borderLeft: '1px solid var(--noc-border)' }}><ChecklistPanel deviceId={selected} /></div>}
      <TemplatesDialog isOpen={editing} onClose={() => setEditing(false)} />
    </div>
  );
}
