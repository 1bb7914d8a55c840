// The map of a /24 (or an IPv6 /120): 256 cells coloured by status, 16 to a row. A click
// opens the address in the drawer. Arrows step to the neighbouring /24 in the prefix.
import { Button, ButtonGroup, NonIdealState, Spinner } from '@blueprintjs/core';
import type { MapCell } from '../../../shared/ipam-types';
import { ipamStore, useIpam } from './ipam-instance';

export const CELL_LEGEND: Array<{ status: MapCell['status']; label: string }> = [
  { status: 'free', label: 'Free' }, { status: 'used', label: 'Used' }, { status: 'gateway', label: 'Gateway' },
  { status: 'reserved', label: 'Reserved' }, { status: 'dhcp', label: 'DHCP' }, { status: 'deprecated', label: 'Deprecated' },
  { status: 'child', label: 'Customer block' }, { status: 'range', label: 'DHCP/reserved range' },
  { status: 'network', label: 'Network / broadcast' }, { status: 'outside', label: 'Outside any prefix' },
];

export function AddressMapPanel() {
  const map = useIpam((s) => s.map);
  const loading = useIpam((s) => s.mapLoading);
  const error = useIpam((s) => s.mapError);
  const open = useIpam((s) => s.drawer?.address ?? null);
  if (error) return <NonIdealState icon="error" description={error} />;
  if (!map) return loading ? <div className="noc-center"><Spinner size={24} /></div> : null;
  const octets = map.family === 4;
  return (
    <div className="noc-ipam-map-wrap" data-testid="ipam-map" data-start={map.start} data-loading={loading}>
      <div className="noc-ipam-map-head">
        <ButtonGroup>
          <Button icon="chevron-left" size="small" onClick={() => void ipamStore.getState().stepMap(-1)} title="Previous 256 addresses" data-testid="ipam-map-prev" />
          <Button icon="chevron-right" size="small" onClick={() => void ipamStore.getState().stepMap(1)} title="Next 256 addresses" data-testid="ipam-map-next" />
        </ButtonGroup>
        <span className="noc-mono noc-ipam-map-title">{map.start}/{octets ? 24 : 120}</span>
        <span className="noc-muted">{Object.entries(map.counts).map(([k, n]) => `${n} ${k}`).join(' · ')}</span>
        {loading && <Spinner size={14} />}
      </div>
      <div className="noc-ipam-map" role="grid" aria-label={`Addresses of ${map.start}`}>
        {Array.from({ length: 16 }, (_, row) => (
          <div role="row" key={row} className="noc-ipam-map-row">
            <span className="noc-ipam-map-rowlabel noc-mono">{octets ? `.${row * 16}` : `:${(row * 16).toString(16)}`}</span>
            {map.cells.slice(row * 16, row * 16 + 16).map((c) => (
              <button
                key={c.offset}
                type="button"
                role="gridcell"
                className={`noc-ipam-cell noc-ipam-cell-${c.status}${open === c.address ? ' noc-ipam-cell-open' : ''}`}
                title={`${c.address} — ${c.status}${c.label ? `: ${c.label}` : ''}`}
                data-testid="ipam-cell"
                data-address={c.address}
                data-status={c.status}
                onClick={() => void ipamStore.getState().openAddress(c.address, map.vrf)}
              >
                {octets ? c.offset : c.offset.toString(16)}
              </button>
            ))}
          </div>
        ))}
      </div>
      <div className="noc-ipam-legend">
        {CELL_LEGEND.map((l) => <span key={l.status} className="noc-ipam-legend-item"><span className={`noc-ipam-cell noc-ipam-cell-${l.status} noc-ipam-swatch`} />{l.label}</span>)}
      </div>
    </div>
  );
}
