// The app's IPAM store (over the tRPC client), the hook views read it through, live
// refresh on changes to the IPAM tables, and what Ctrl+K does with an IPAM hit.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { ChangeEvent } from '../../../shared/types';
import { createIpamStore, type IpamState } from '../../stores/ipam-store';
import { nocStore } from '../../stores';
import { api } from '../../trpc';

export const ipamStore = createIpamStore({
  tree: (parentId, offset, limit) => api.ipam.tree.query({ parentId, offset, limit }),
  map: (address, vrf) => api.ipam.map.query({ address, vrf }),
  find: (address, vrf) => api.ipam.find.query({ address, vrf }),
  arinReport: (block, vrf) => api.ipam.arinReport.query({ block, vrf }),
});

export function useIpam<T>(selector: (s: IpamState) => T): T {
  return useStore(ipamStore, selector);
}

const BATCH_MS = 150;

/** Refetches what the IPAM view shows when anyone changes an IPAM table (bursts batched). */
export function useIpamLive(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const sub = api.system.changes.subscribe(undefined, {
      onData: (events: ChangeEvent[]) => {
        if (!events.some((e) => e.table.startsWith('ipam_'))) return;
        timer ??= setTimeout(() => { timer = null; void ipamStore.getState().refresh(); }, BATCH_MS);
      },
      onError: (err) => console.warn('ipam change feed', err),
    });
    return () => {
      sub.unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
}

/** Opens the IPAM view at a prefix (revealed in the tree) and, if given, an address. */
export async function openInIpam(prefixId: string | null, address?: { address: string; vrf: string }): Promise<void> {
  nocStore.getState().setView('ipam');
  const s = ipamStore.getState();
  if (prefixId) {
    const detail = await api.ipam.prefix.query({ id: prefixId });
    if (detail) await s.reveal(detail.prefix, [...detail.ancestors].reverse());
  }
  if (address) {
    await s.showMap(address.address, address.vrf);
    await s.openAddress(address.address, address.vrf);
  }
}

/** Ctrl+K hits of IPAM; false when the kind is not ours. */
export function openIpamHit(hit: { kind: string; id: string; title: string }): boolean {
  switch (hit.kind) {
    case 'ip-prefix':
      void openInIpam(hit.id);
      return true;
    case 'ip-address':
      void api.ipam.address.query({ id: hit.id }).then(async (row) => {
        if (!row) return;
        const found = await api.ipam.find.query({ address: row.address, vrf: row.vrf });
        await openInIpam(found.prefix?.id ?? null, { address: row.address, vrf: row.vrf });
      });
      return true;
    case 'ip-range':
      void api.ipam.range.query({ id: hit.id }).then(async (r) => {
        if (!r) return;
        const found = await api.ipam.find.query({ address: r.startAddress, vrf: r.vrf });
        await openInIpam(found.prefix?.id ?? null);
        await ipamStore.getState().showMap(r.startAddress, r.vrf);
      });
      return true;
    case 'vlan':
      nocStore.getState().setView('ipam');
      void api.ipam.vlanPrefixes.query({ id: hit.id, limit: 1 }).then((r) => {
        if (r) ipamStore.getState().openVlan(r.vlan.vid);
      });
      return true;
    default:
      return false;
  }
}
