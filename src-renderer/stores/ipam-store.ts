// The IPAM view's state, apart from the shell's store (the shell decides that IPAM shows,
// this store what is open in it): the prefix tree loaded a level at a time, the selected
// prefix and its 256-cell map, the address drawer, the ARIN report.
// Invariants:
//  - a tree level is fetched when first expanded, then kept (and refetched on refresh());
//  - an answer to a request made before a newer one for the same thing is dropped;
//  - the map always shows 256 addresses starting on a /24 (IPv4) or /120 (IPv6) boundary.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { addressOf, bitsOf, networkOf, parseAddress, parseKey } from '../../shared/ipam';
import type { AddressDetail, AddressMap, ArinReport, IpPrefix, TreeNode, TreePage } from '../../shared/ipam-types';

export interface IpamApi {
  tree(parentId: string | null, offset: number, limit: number): Promise<TreePage>;
  map(address: string, vrf: string): Promise<AddressMap>;
  find(address: string, vrf: string): Promise<AddressDetail>;
  arinReport(block: string, vrf: string): Promise<ArinReport>;
}

export const ROOT = 'root';
export const PAGE = 500;

export interface Level { nodes: TreeNode[]; total: number; loading: boolean; error: string | null }
export type IpamTab = 'tree' | 'vlans' | 'report';

export interface IpamData {
  tab: IpamTab;
  levels: Record<string, Level>;
  expanded: Record<string, true>;
  selected: IpPrefix | null;
  map: AddressMap | null;
  mapAt: { address: string; vrf: string } | null;
  mapLoading: boolean;
  mapError: string | null;
  drawer: { address: string; vrf: string } | null;
  detail: AddressDetail | null;
  detailError: string | null;
  reportBlock: { ref: string; vrf: string } | null;
  report: ArinReport | null;
  reportLoading: boolean;
  reportError: string | null;
  /** The VLAN the VLANs tab shows first (from Ctrl+K or the search box), by VID. */
  vlanFocus: number | null;
}

export interface IpamState extends IpamData {
  setTab(tab: IpamTab): void;
  /** The VLANs tab, filtered to one VLAN. */
  openVlan(vid: number): void;
  loadLevel(parentId: string | null, more?: boolean): Promise<void>;
  toggle(node: TreeNode): Promise<void>;
  select(prefix: IpPrefix): Promise<void>;
  /** Opens the tree down to a prefix (its ancestors top first) and selects it. */
  reveal(prefix: IpPrefix, ancestors: IpPrefix[]): Promise<void>;
  showMap(address: string, vrf: string): Promise<void>;
  /** The neighbouring 256 addresses, staying inside the selected prefix. */
  stepMap(direction: 1 | -1): Promise<void>;
  openAddress(address: string, vrf: string): Promise<void>;
  closeAddress(): void;
  showReport(ref: string, vrf: string): Promise<void>;
  /** Refetch what is shown (after a change by anyone). */
  refresh(): Promise<void>;
}

export const initialIpam = (): IpamData => ({
  tab: 'tree', levels: {}, expanded: {}, selected: null, map: null, mapAt: null, mapLoading: false, mapError: null,
  drawer: null, detail: null, detailError: null, reportBlock: null, report: null, reportLoading: false, reportError: null, vlanFocus: null,
});

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The first address of the 256-cell window holding `address`. */
export function windowStart(address: string): string {
  const a = parseAddress(address);
  return addressOf(a.family, networkOf(a.family, a.value, bitsOf(a.family) - 8)).text;
}

export type IpamStore = StoreApi<IpamState>;

export function createIpamStore(api: IpamApi): IpamStore {
  let mapSeq = 0;
  let detailSeq = 0;
  let reportSeq = 0;
  return createStore<IpamState>()((set, get) => {
    const setLevel = (key: string, patch: Partial<Level>) =>
      set((s) => ({ levels: { ...s.levels, [key]: { nodes: [], total: 0, loading: false, error: null, ...s.levels[key], ...patch } } }));

    async function fetchMap(address: string, vrf: string, quiet: boolean): Promise<void> {
      const mine = ++mapSeq;
      set({ mapAt: { address, vrf }, ...(quiet ? {} : { mapLoading: true, mapError: null }) });
      try {
        const map = await api.map(address, vrf);
        if (mine === mapSeq) set({ map, mapLoading: false, mapError: null });
      } catch (err) {
        if (mine === mapSeq) set({ mapLoading: false, mapError: message(err) });
      }
    }

    async function fetchDetail(address: string, vrf: string): Promise<void> {
      const mine = ++detailSeq;
      try {
        const detail = await api.find(address, vrf);
        if (mine === detailSeq) set({ detail, detailError: null });
      } catch (err) {
        if (mine === detailSeq) set({ detailError: message(err) });
      }
    }

    async function fetchReport(ref: string, vrf: string, quiet: boolean): Promise<void> {
      const mine = ++reportSeq;
      if (!quiet) set({ reportLoading: true, reportError: null });
      try {
        const report = await api.arinReport(ref, vrf);
        if (mine === reportSeq) set({ report, reportLoading: false, reportError: null });
      } catch (err) {
        if (mine === reportSeq) set({ reportLoading: false, reportError: message(err) });
      }
    }

    return {
      ...initialIpam(),
      setTab: (tab) => set({ tab, vlanFocus: null }),
      openVlan: (vid) => set({ tab: 'vlans', vlanFocus: vid }),
      loadLevel: async (parentId, more = false) => {
        const key = parentId ?? ROOT;
        const before = get().levels[key];
        const offset = more && before ? before.nodes.length : 0;
        setLevel(key, { loading: true, error: null });
        try {
          const page = await api.tree(parentId, offset, PAGE);
          const nodes = more && before ? [...before.nodes, ...page.nodes] : page.nodes;
          setLevel(key, { nodes, total: page.total, loading: false, error: null });
        } catch (err) {
          setLevel(key, { loading: false, error: message(err) });
        }
      },
      toggle: async (node) => {
        const id = node.prefix.id;
        const expanded = { ...get().expanded };
        if (expanded[id]) {
          delete expanded[id];
          set({ expanded });
          return;
        }
        expanded[id] = true;
        set({ expanded });
        if (!get().levels[id]) await get().loadLevel(id);
      },
      select: async (prefix) => {
        set({ selected: prefix });
        await fetchMap(windowStart(prefix.prefix.split('/')[0]!), prefix.vrf, false);
      },
      reveal: async (prefix, ancestors) => {
        set({ tab: 'tree', expanded: { ...get().expanded, ...Object.fromEntries(ancestors.map((a) => [a.id, true as const])) } });
        await Promise.all([
          get().levels[ROOT] ? Promise.resolve() : get().loadLevel(null),
          ...ancestors.filter((a) => !get().levels[a.id]).map((a) => get().loadLevel(a.id)),
          get().select(prefix),
        ]);
      },
      showMap: (address, vrf) => fetchMap(windowStart(address), vrf, false),
      stepMap: async (direction) => {
        const { map, selected } = get();
        if (!map) return;
        const start = parseAddress(map.start);
        const next = start.value + BigInt(direction) * 256n;
        if (next < 0n) return;
        if (selected) {
          const lo = parseKey(selected.startKey).value;
          const hi = parseKey(selected.endKey).value;
          if (next + 255n < lo || next > hi) return;
        }
        await fetchMap(addressOf(start.family, next).text, map.vrf, false);
      },
      openAddress: async (address, vrf) => {
        set({ drawer: { address, vrf }, detail: null, detailError: null });
        await fetchDetail(address, vrf);
      },
      closeAddress: () => {
        detailSeq++;
        set({ drawer: null, detail: null, detailError: null });
      },
      showReport: async (ref, vrf) => {
        set({ tab: 'report', reportBlock: { ref, vrf } });
        await fetchReport(ref, vrf, false);
      },
      refresh: async () => {
        const s = get();
        const keys = Object.keys(s.levels).filter((k) => k === ROOT || s.expanded[k]);
        await Promise.all([
          ...keys.map((k) => get().loadLevel(k === ROOT ? null : k)),
          s.mapAt ? fetchMap(s.mapAt.address, s.mapAt.vrf, true) : Promise.resolve(),
          s.drawer ? fetchDetail(s.drawer.address, s.drawer.vrf) : Promise.resolve(),
          s.reportBlock && s.tab === 'report' ? fetchReport(s.reportBlock.ref, s.reportBlock.vrf, true) : Promise.resolve(),
        ]);
      },
    };
  });
}

// ---- import: a file is sent in chunks (a WebSocket message is at most 1 MiB) ----

/** `text` cut into pieces of at most `size` characters (one empty piece for an empty text). */
export function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

export type SendChunk = (p: { uploadId: string; index: number; chunk: string; last: boolean }) => Promise<unknown>;

/** Sends `text` chunk by chunk, in order; stops (throws) when `signal` is aborted. */
export async function uploadText(text: string, uploadId: string, send: SendChunk, opts: { size: number; signal?: AbortSignal; onProgress?(sent: number, total: number): void }): Promise<void> {
  const chunks = chunksOf(text, opts.size);
  let sent = 0;
  for (const [index, chunk] of chunks.entries()) {
    if (opts.signal?.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
    await send({ uploadId, index, chunk, last: index === chunks.length - 1 });
    sent += chunk.length;
    opts.onProgress?.(sent, text.length);
  }
}
