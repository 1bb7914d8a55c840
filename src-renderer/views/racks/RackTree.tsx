// Site → room → rack, with each rack's used units and device count.
import { Button, Callout, Icon, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import { useNoc, useShallow } from '../../stores';
import type { RackTreeRack } from '../../stores/api-port';
import { AddRackDialog } from './AddRackDialog';

const EDITORS = new Set(['admin', 'technician', 'provisioning']);

function UsageBar({ rack }: { rack: RackTreeRack }) {
  const pct = Math.min(100, Math.round((rack.usedU / Math.max(1, rack.heightU)) * 100));
  const level = pct >= 90 ? 'danger' : pct >= 75 ? 'warning' : 'ok';
  return (
    <span className="noc-usage" title={`${rack.usedU} of ${rack.heightU} U used (${pct}%)`}>
      <span className={`noc-usage-fill noc-usage-${level}`} style={{ width: `${pct}%` }} />
    </span>
  );
}

export function RackTreePanel() {
  const { tree, error, collapsed, selected, toggle, select, canAdd } = useNoc(useShallow((s) => ({
    tree: s.racks.tree, error: s.racks.treeError, collapsed: s.racks.collapsed, selected: s.racks.selectedRackId,
    toggle: s.toggleTreeNode, select: s.selectRack, canAdd: EDITORS.has(s.actor?.role ?? ''),
  })));
  const [adding, setAdding] = useState(false);
  return (
    <aside className="noc-rack-tree" data-testid="rack-tree" aria-label="Racks">
      <div className="noc-pane-head"><span>Sites &amp; racks</span><span className="noc-muted">U used · devices</span></div>
      <Button variant="minimal" size="small" icon="add" text="Add rack" data-testid="add-rack-button" disabled={!canAdd} title={canAdd ? undefined : 'Your role can look but not add'} onClick={() => setAdding(true)} />
      {adding && <AddRackDialog isOpen onClose={() => setAdding(false)} />}
      {error && <Callout intent="danger" compact>{error}</Callout>}
      {!tree && !error && <Spinner size={20} />}
      {tree?.length === 0 && <p className="noc-muted noc-pad">No sites yet: add a rack to make the first site and room.</p>}
      <ul className="noc-tree" role="tree">
        {tree?.map(({ site, rooms }) => {
          const siteOpen = !collapsed[site.id];
          const racks = rooms.reduce((n, r) => n + r.racks.length, 0);
          return (
            <li key={site.id} role="treeitem" aria-expanded={siteOpen}>
              <button type="button" className="noc-tree-row noc-tree-site" onClick={() => toggle(site.id)} data-testid="tree-site">
                <Icon icon={siteOpen ? 'chevron-down' : 'chevron-right'} size={12} />
                <Icon icon="office" size={14} />
                <span className="noc-tree-label" title={`${site.name} (${site.code})${site.demo ? ' — demo' : ''}`}>{site.name}</span>
                <span className="noc-tree-meta">{site.code} · {racks} racks</span>
              </button>
              {siteOpen && (
                <ul role="group">
                  {rooms.map(({ room, racks: roomRacks }) => {
                    const roomOpen = !collapsed[room.id];
                    return (
                      <li key={room.id} role="treeitem" aria-expanded={roomOpen}>
                        <button type="button" className="noc-tree-row noc-tree-room" onClick={() => toggle(room.id)}>
                          <Icon icon={roomOpen ? 'chevron-down' : 'chevron-right'} size={12} />
                          <Icon icon="cube" size={12} />
                          <span className="noc-tree-label">{room.name}</span>
                          <span className="noc-tree-meta">{roomRacks.length}</span>
                        </button>
                        {roomOpen && (
                          <ul role="group">
                            {roomRacks.map((rack) => (
                              <li key={rack.id} role="treeitem" aria-selected={selected === rack.id}>
                                <button type="button" className={`noc-tree-row noc-tree-rack${selected === rack.id ? ' noc-tree-selected' : ''}`}
                                  onClick={() => void select(rack.id)} data-testid="tree-rack" data-rack-name={rack.name} data-rack-id={rack.id}>
                                  <Icon icon="server" size={12} />
                                  <span className="noc-tree-label">{rack.name}</span>
                                  <UsageBar rack={rack} />
                                  <span className="noc-tree-nums">{rack.usedU}/{rack.heightU}</span>
                                  <span className="noc-tree-nums">{rack.devices}</span>
                                </button>
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
