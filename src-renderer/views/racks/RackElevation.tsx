// A rack's elevation: front and rear side by side, units numbered, devices coloured by
// status, half-width devices side by side, multi-U devices spanning; the 0U devices below.
import { Button, Callout, H4, Spinner, Tag } from '@blueprintjs/core';
import { useMemo } from 'react';
import { DEVICE_STATUSES } from '../../../shared/choices';
import { layoutElevation, type FaceLayout } from '../../lib/elevation-layout';
import { statusIntent, statusLabel, typeLabel, unitsLabel } from '../../lib/format';
import { nocStore, useNoc, useShallow } from '../../stores';
import { StatusTag } from '../inventory/cells';

export function RackElevationPanel() {
  const { elevation, loading, error, openId } = useNoc(useShallow((s) => ({
    elevation: s.racks.elevation, loading: s.racks.elevationLoading, error: s.racks.elevationError, openId: s.device.id,
  })));
  const layout = useMemo(() => (elevation ? layoutElevation(elevation.rack.heightU, elevation.devices) : null), [elevation]);

  if (error) return <Callout intent="danger" className="noc-pad">{error}</Callout>;
  if (!elevation || !layout) return loading ? <div className="noc-center"><Spinner size={24} /></div> : null;
  const { rack, site, room, unplaced, usedU, freeU } = elevation;
  const deviceCount = elevation.devices.length + unplaced.length;

  const showInInventory = () => {
    const s = nocStore.getState();
    s.setInventoryFilters({ ...{ status: [], type: null, text: '' }, siteId: site?.id ?? null, rackId: rack.id });
    s.setView('inventory');
  };

  return (
    <div className="noc-elevation" data-testid="rack-elevation" data-rack-name={rack.name}>
      <div className="noc-elev-head">
        <H4 className="noc-elev-name" data-testid="elevation-rack-name">{rack.name}</H4>
        <span className="noc-muted">{site ? `${site.name} · ` : ''}{room?.name ?? ''} · {rack.heightU}U</span>
        {rack.demo && <Tag minimal intent="warning" icon="lab-test">DEMO</Tag>}
        <span className="noc-topbar-spacer" />
        <div className="noc-elev-totals" data-testid="elevation-totals">
          <span><b data-testid="total-used">{usedU}</b> U used</span>
          <span><b data-testid="total-free">{freeU}</b> U free</span>
          <span><b data-testid="total-devices">{deviceCount}</b> devices</span>
        </div>
        <Button size="small" variant="outlined" icon="th-list" text="In inventory" onClick={showInInventory} />
      </div>
      {layout.problems.length > 0 && (
        <Callout intent="warning" compact className="noc-elev-problems">{layout.problems.join(' ')}</Callout>
      )}
      <div className="noc-elev-body">
        <div className="noc-elev-faces">
          <Face layout={layout.front} heightU={rack.heightU} openId={openId} />
          <Face layout={layout.rear} heightU={rack.heightU} openId={openId} />
        </div>
        <aside className="noc-elev-side">
          <h4 className="noc-section-title">Unplaced / 0U <Tag minimal round>{unplaced.length}</Tag></h4>
          {unplaced.length === 0 ? <p className="noc-muted">None.</p> : (
            <ul className="noc-unplaced" data-testid="unplaced-devices">
              {unplaced.map((d) => (
                <li key={d.id}>
                  <button type="button" className="noc-unplaced-item" onClick={() => nocStore.getState().openDevice(d.id)} data-testid="unplaced-device">
                    <span>{d.name}</span><span className="noc-muted">{typeLabel(d.type)}</span><StatusTag status={d.status} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <h4 className="noc-section-title">Legend</h4>
          <ul className="noc-legend">
            {DEVICE_STATUSES.map((s) => <li key={s.value}><span className={`noc-swatch noc-intent-${s.intent} noc-elev-${s.value}`} />{s.label}</li>)}
            <li><span className="noc-swatch noc-swatch-through" />Back of a full-depth device</li>
            <li><span className="noc-swatch noc-swatch-free" />Free unit</li>
          </ul>
        </aside>
      </div>
    </div>
  );
}

function Face({ layout, heightU, openId }: { layout: FaceLayout; heightU: number; openId: string | null }) {
  const units = Array.from({ length: heightU }, (_, i) => heightU - i);
  return (
    <div className="noc-elev-face" data-testid={`elevation-${layout.face}`}>
      <div className="noc-elev-face-title">{layout.face === 'front' ? 'Front' : 'Rear'}</div>
      <div className="noc-elev-grid" style={{ gridTemplateRows: `repeat(${heightU}, var(--noc-u-height))` }}>
        {units.map((u, i) => (
          <div key={`l${u}`} className="noc-elev-unum" style={{ gridRow: i + 1, gridColumn: 1 }}>{u}</div>
        ))}
        {units.map((u, i) => (
          <div key={`r${u}`} className="noc-elev-unum noc-elev-unum-right" style={{ gridRow: i + 1, gridColumn: 4 }}>{u}</div>
        ))}
        {layout.free.map((f) => (
          <div key={`f${f.u}${f.half}`} className="noc-elev-free" style={{ gridRow: f.row, gridColumn: `${1 + f.col} / span ${f.colSpan}` }} data-u={f.u} data-half={f.half} />
        ))}
        {layout.blocks.map((b) => {
          const d = b.device;
          const label = `${d.name} · ${statusLabel(d.status)} · ${unitsLabel(d)}${b.through ? ` (mounted ${d.face === 'front' ? 'front' : 'rear'})` : ''}`;
          return (
            <button
              key={`${d.id}${b.through ? 't' : ''}`}
              type="button"
              className={`noc-elev-device noc-intent-${statusIntent(d.status)} noc-elev-${d.status}${b.through ? ' noc-elev-through' : ''}${openId === d.id ? ' noc-elev-selected' : ''}${b.rowSpan > 1 ? ' noc-elev-tall' : ''}`}
              style={{ gridRow: `${b.row} / span ${b.rowSpan}`, gridColumn: `${1 + b.col} / span ${b.colSpan}` }}
              title={label}
              aria-label={label}
              data-testid="rack-device"
              data-device-id={d.id}
              data-device-name={d.name}
              data-status={d.status}
              data-u={b.bottomU}
              data-half={b.half}
              data-face={b.face}
              data-through={b.through}
              onClick={() => nocStore.getState().openDevice(d.id)}
            >
              <span className="noc-elev-device-name">{d.name}</span>
              {b.half === 'full' && !b.through && <span className="noc-elev-device-meta">{typeLabel(d.type)}</span>}
            </button>
          );
        })}
      </div>
    </div>
  );
}
