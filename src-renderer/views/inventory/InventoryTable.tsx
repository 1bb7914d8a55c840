// The inventory table: virtualised rows (only what is on screen is in the DOM), pages
// fetched by offset as the user scrolls, headers that sort, rows coloured by status.
import { Icon, NonIdealState, Callout } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { columnDef, type ColumnDef } from '../../lib/columns';
import { statusIntent } from '../../lib/format';
import { nocStore, useNoc, useShallow } from '../../stores';
import { cellOf } from './cells';

export const ROW_HEIGHT = 26;

export function InventoryTable() {
  const { columns, total, version, sort, filters, error, openId, cache } = useNoc(useShallow((s) => ({
    columns: s.columns, total: s.inventory.total, version: s.inventory.version, sort: s.inventory.sort,
    filters: s.inventory.filters, error: s.inventory.error, openId: s.device.id, cache: s.inventory.cache,
  })));
  const defs = useMemo(() => columns.map(columnDef), [columns]);
  const width = defs.reduce((w, c) => w + c.width, 0);
  const template = defs.map((c) => `${c.width}px`).join(' ');
  const scrollRef = useRef<HTMLDivElement>(null);
  const filtered = filters.status.length > 0 || filters.type !== null || filters.siteId !== null || filters.rackId !== null || filters.text.trim() !== '';

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 40;

  useEffect(() => {
    nocStore.getState().showInventoryRange(first, last);
  }, [first, last]);

  // A new filter or sort starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filters, sort]);

  return (
    <div className="noc-table-wrap">
      {error && <Callout intent="danger" compact className="noc-table-error" data-testid="inventory-error">{error}</Callout>}
      <div className="noc-table-scroll" ref={scrollRef} data-testid="inventory-table" role="grid" aria-rowcount={total ?? -1} aria-colcount={defs.length}>
        <div className="noc-table-head" role="row" style={{ gridTemplateColumns: template, width }}>
          {defs.map((c) => <HeaderCell key={c.key} def={c} sortKey={sort.key} dir={sort.dir} />)}
        </div>
        {total === 0 ? (
          filtered
            ? <NonIdealState icon="search" title="No devices match" description="Change or clear the filters." className="noc-table-empty" />
            : <NonIdealState icon="inbox" title="No devices yet" description="Devices appear here as they are added (or load the demo lab from the settings menu)." className="noc-table-empty" />
        ) : (
          <div className="noc-table-body" style={{ height: virtualizer.getTotalSize(), width }} data-version={version}>
            {items.map((vi) => {
              const row = cache.get(vi.index);
              const style = { transform: `translateY(${vi.start}px)`, gridTemplateColumns: template, width, height: ROW_HEIGHT };
              if (!row) {
                return <div key={vi.key} className="noc-row noc-row-loading" style={style} data-testid="device-row-loading" role="row" aria-rowindex={vi.index + 2}><span className="noc-skeleton" /></div>;
              }
              return (
                <div
                  key={vi.key}
                  role="row"
                  tabIndex={0}
                  aria-rowindex={vi.index + 2}
                  aria-selected={openId === row.id}
                  className={`noc-row noc-intent-${statusIntent(row.status)} noc-row-${row.status}${openId === row.id ? ' noc-row-selected' : ''}`}
                  style={style}
                  data-testid="device-row"
                  data-id={row.id}
                  data-name={row.name}
                  data-status={row.status}
                  onClick={() => nocStore.getState().openDevice(row.id)}
                  onKeyDown={(e) => { if (e.key === 'Enter') nocStore.getState().openDevice(row.id); }}
                >
                  {defs.map((c) => <div key={c.key} role="gridcell" className={`noc-cell noc-cell-${c.key}`}>{cellOf(c.key, row)}</div>)}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

function HeaderCell({ def, sortKey, dir }: { def: ColumnDef; sortKey: string; dir: 'asc' | 'desc' }) {
  const sortable = def.sort !== null;
  const active = sortable && def.sort === sortKey;
  const onClick = () => {
    if (def.sort !== null) nocStore.getState().sortInventoryBy(def.sort);
  };
  return (
    <div
      role="columnheader"
      className={`noc-th${sortable ? ' noc-th-sortable' : ''}${active ? ' noc-th-active' : ''}`}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      data-testid={`col-${def.key}`}
      onClick={sortable ? onClick : undefined}
      title={sortable ? `Sort by ${def.label}` : undefined}
    >
      <span>{def.label}</span>
      {active && <Icon icon={dir === 'asc' ? 'caret-up' : 'caret-down'} size={12} />}
    </div>
  );
}
