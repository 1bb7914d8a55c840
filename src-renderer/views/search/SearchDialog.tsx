// Ctrl+K: search every object; arrows move, Enter opens (device drawer, rack elevation,
// a site's devices), Escape closes.
import { Dialog, Icon, InputGroup, NonIdealState, Spinner, Tag, type IconName } from '@blueprintjs/core';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../shared/types';
import { emptyFilters } from '../../stores/inventory-slice';
import { nocStore, useNoc } from '../../stores';
import { api } from '../../trpc';
import { openBusinessHit } from '../../stores/customers-store';
import { openIpamHit } from '../ipam/ipam-instance';

const DEBOUNCE_MS = 120;
const KIND_ICON: Record<string, IconName> = {
  device: 'server', rack: 'box', site: 'office', room: 'cube',
  'ip-address': 'ip-address', 'ip-prefix': 'diagram-tree', 'ip-range': 'array-numeric', vlan: 'layers',
  customer: 'person', rental: 'key', ticket: 'issue', 'monitored-device': 'pulse',
};

/** What Enter does with a hit. */
export function openHit(hit: SearchHit): void {
  const s = nocStore.getState();
  s.setSearchOpen(false);
  if (openBusinessHit(hit)) return; // customers, rentals, tickets (issue 7)
  if (openIpamHit(hit)) return; // prefixes, addresses, ranges, VLANs (issue 5)
  if (hit.kind === 'device') s.openDevice(hit.id);
  else if (hit.kind === 'rack') s.showRack(hit.id);
  else if (hit.kind === 'site') {
    s.setInventoryFilters({ ...emptyFilters(), siteId: hit.id });
    s.setView('inventory');
  }
}

export function SearchDialog() {
  const open = useNoc((s) => s.searchOpen);
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The query the shown results answer (for tests and the spinner: is it settled?). */
  const [answered, setAnswered] = useState('');
  const seq = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) {
      setText('');
      setHits([]);
      setAnswered('');
      setActive(0);
      setError(null);
    }
  }, [open]);

  useEffect(() => {
    const q = text.trim();
    const mine = ++seq.current;
    if (!q) {
      setHits([]);
      setAnswered('');
      setBusy(false);
      return undefined;
    }
    setBusy(true);
    const t = setTimeout(() => {
      api.search.query.query({ text: q, limit: 30 }).then(
        (r) => {
          if (mine !== seq.current) return; // a later keystroke's answer wins
          setHits(r);
          setAnswered(q);
          setActive(0);
          setError(null);
          setBusy(false);
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          setError(err instanceof Error ? err.message : String(err));
          setAnswered(q);
          setBusy(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = hits[active];
      if (hit) openHit(hit);
    }
  }

  return (
    <Dialog isOpen={open} onClose={() => nocStore.getState().setSearchOpen(false)} className="noc-search-dialog" aria-labelledby="noc-search-title" canOutsideClickClose>
      {/* Blueprint's Dialog names itself only through aria-labelledby (aria-label and data-* are dropped). */}
      <span id="noc-search-title" hidden>Search</span>
      <InputGroup
        autoFocus
        size="large"
        leftIcon="search"
        placeholder="Search devices, racks, sites — name, serial, asset tag, IP…"
        value={text}
        onValueChange={setText}
        onKeyDown={onKeyDown}
        rightElement={busy ? <Spinner size={16} className="noc-search-spinner" /> : undefined}
        data-testid="search-input"
        aria-controls="noc-search-results"
        aria-activedescendant={hits[active] ? `noc-hit-${active}` : undefined}
        role="combobox"
        aria-expanded={hits.length > 0}
      />
      <ul className="noc-search-results" id="noc-search-results" role="listbox" ref={listRef} data-testid="search-results" data-busy={busy || answered !== text.trim()} data-query={answered}>
        {hits.map((h, i) => (
          <li
            key={`${h.kind}:${h.id}`}
            id={`noc-hit-${i}`}
            role="option"
            aria-selected={i === active}
            data-index={i}
            data-kind={h.kind}
            data-testid="search-hit"
            className={`noc-search-hit${i === active ? ' noc-search-active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => e.preventDefault() /* keep focus in the input */}
            onClick={() => openHit(h)}
          >
            <Icon icon={KIND_ICON[h.kind] ?? 'dot'} size={14} />
            <span className="noc-search-title">{h.title}</span>
            <span className="noc-search-sub">{h.subtitle}</span>
            <Tag minimal className="noc-search-kind">{h.kind}</Tag>
          </li>
        ))}
      </ul>
      {error && <div className="noc-search-empty noc-danger">{error}</div>}
      {!error && text.trim() && !busy && hits.length === 0 && <NonIdealState icon="search" description={`Nothing matches “${text.trim()}”.`} className="noc-search-empty" />}
      <div className="noc-search-foot noc-muted"><span>↑↓ move</span><span>↵ open</span><span>esc close</span></div>
    </Dialog>
  );
}
