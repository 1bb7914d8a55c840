// Filters of the inventory: status chips with counts, type, site, rack, text; columns.
import { Button, HTMLSelect, InputGroup, Tag } from '@blueprintjs/core';
import { useEffect, useMemo, useState } from 'react';
import { DEVICE_STATUSES, DEVICE_TYPES, type DeviceType } from '../../../shared/choices';
import { formatCount } from '../../lib/format';
import { useNoc, useShallow } from '../../stores';
import { emptyFilters } from '../../stores/inventory-slice';
import { AddDeviceDialog } from './AddDeviceDialog';
import { ColumnChooser } from './ColumnChooser';

const TEXT_DEBOUNCE_MS = 250;
const EDITORS = new Set(['admin', 'technician', 'provisioning']);

export function InventoryToolbar() {
  const { filters, counts, total, tree, setFilters, toggleStatus, canAdd } = useNoc(useShallow((s) => ({
    filters: s.inventory.filters, counts: s.inventory.counts, total: s.inventory.total, tree: s.racks.tree,
    setFilters: s.setInventoryFilters, toggleStatus: s.toggleStatusFilter, canAdd: EDITORS.has(s.actor?.role ?? ''),
  })));
  const [text, setText] = useState(filters.text);
  const [adding, setAdding] = useState(false);

  // Typing is debounced; the store's text is the one queried.
  useEffect(() => {
    if (text === filters.text) return undefined;
    const t = setTimeout(() => setFilters({ text }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, filters.text, setFilters]);
  useEffect(() => setText(filters.text), [filters.text]);

  const racks = useMemo(() => {
    const site = tree?.find((n) => n.site.id === filters.siteId);
    return site ? site.rooms.flatMap((r) => r.racks.map((k) => ({ id: k.id, name: k.name, room: r.room.name }))) : [];
  }, [tree, filters.siteId]);

  const active = filters.status.length > 0 || filters.type !== null || filters.siteId !== null || filters.rackId !== null || filters.text !== '';

  return (
    <div className="noc-toolbar" data-testid="inventory-toolbar">
      <div className="noc-toolbar-filters">
        <InputGroup
          className="noc-filter-text"
          data-testid="filter-text"
          leftIcon="filter"
          placeholder="Name, serial, asset tag, IP…"
          value={text}
          onValueChange={setText}
          rightElement={text ? <Button variant="minimal" icon="cross" aria-label="Clear text" onClick={() => { setText(''); setFilters({ text: '' }); }} /> : undefined}
        />
        <HTMLSelect
          aria-label="Type"
          data-testid="filter-type"
          value={filters.type ?? ''}
          onChange={(e) => setFilters({ type: (e.currentTarget.value || null) as DeviceType | null })}
          options={[{ value: '', label: 'All types' }, ...DEVICE_TYPES.map((t) => ({ value: t.value, label: t.label }))]}
        />
        <HTMLSelect
          aria-label="Site"
          data-testid="filter-site"
          value={filters.siteId ?? ''}
          onChange={(e) => setFilters({ siteId: e.currentTarget.value || null })}
          options={[{ value: '', label: 'All sites' }, ...(tree ?? []).map((n) => ({ value: n.site.id, label: `${n.site.code} · ${n.site.name}` }))]}
        />
        <HTMLSelect
          aria-label="Rack"
          data-testid="filter-rack"
          value={filters.rackId ?? ''}
          disabled={!filters.siteId}
          title={filters.siteId ? undefined : 'Choose a site first'}
          onChange={(e) => setFilters({ rackId: e.currentTarget.value || null })}
          options={[{ value: '', label: 'All racks' }, ...racks.map((k) => ({ value: k.id, label: `${k.name} (${k.room})` }))]}
        />
        <div className="noc-status-chips" role="group" aria-label="Status filter">
          {DEVICE_STATUSES.map((s) => {
            const on = filters.status.includes(s.value);
            return (
              <Tag
                key={s.value}
                interactive
                round={false}
                minimal={!on}
                intent={s.intent}
                className={`noc-chip ${on ? 'noc-chip-on' : ''}`}
                data-testid={`filter-status-${s.value}`}
                aria-pressed={on}
                onClick={() => toggleStatus(s.value)}
                endIcon={<span className="noc-chip-count">{counts ? formatCount(counts[s.value] ?? 0) : '…'}</span>}
              >
                {s.label}
              </Tag>
            );
          })}
        </div>
        {active && <Button variant="minimal" icon="filter-remove" text="Clear" data-testid="filter-clear" onClick={() => { setText(''); setFilters(emptyFilters()); }} />}
      </div>
      <div className="noc-toolbar-right">
        <span className="noc-total" data-testid="inventory-total" data-total={total ?? ''}>
          {total === null ? 'Loading…' : `${formatCount(total)} ${total === 1 ? 'device' : 'devices'}`}
        </span>
        <Button icon="add" text="Add device" data-testid="add-device-button" disabled={!canAdd} title={canAdd ? undefined : 'Your role can look but not add'} onClick={() => setAdding(true)} />
        <ColumnChooser />
      </div>
      <AddDeviceDialog isOpen={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
