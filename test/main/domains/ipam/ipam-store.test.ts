// The IPAM view's store (src-renderer/stores/ipam-store.ts) against the real core: levels
// loaded lazily, the map window, stepping, stale answers dropped, refresh after changes.
import { describe, expect, it } from 'vitest';
import { createIpamStore, ROOT, windowStart, type IpamApi } from '../../../../src-renderer/stores/ipam-store';
import type { AddressMap } from '../../../../shared/ipam-types';
import { actor, type TestCore } from '../../helpers';
import { useIpam } from './setup';

function apiOf(caller: ReturnType<TestCore['caller']>): IpamApi {
  return {
    tree: (parentId, offset, limit) => caller.ipam.tree({ parentId, offset, limit }),
    map: (address, vrf) => caller.ipam.map({ address, vrf }),
    find: (address, vrf) => caller.ipam.find({ address, vrf }),
    arinReport: (block, vrf) => caller.ipam.arinReport({ block, vrf }),
  };
}

describe('ipam store', () => {
  const s = useIpam();

  it('loads the top level, then a level only when it is expanded', async () => {
    const x = s();
    const top = x.prefix('203.0.112.0/22', { status: 'container' });
    x.prefix('203.0.113.0/24');
    const calls: Array<string | null> = [];
    const api = apiOf(x.t.caller(actor('viewer')));
    const store = createIpamStore({ ...api, tree: (p, o, l) => { calls.push(p); return api.tree(p, o, l); } });
    await store.getState().loadLevel(null);
    expect(store.getState().levels[ROOT]!.nodes.map((n) => n.prefix.prefix)).toEqual(['203.0.112.0/22']);
    expect(calls).toEqual([null]);
    const node = store.getState().levels[ROOT]!.nodes[0]!;
    await store.getState().toggle(node);
    expect(store.getState().levels[top.id]!.nodes.map((n) => n.prefix.prefix)).toEqual(['203.0.113.0/24']);
    await store.getState().toggle(node); // collapse: nothing fetched
    await store.getState().toggle(node); // expand again: the level is kept
    expect(calls).toEqual([null, top.id]);
    expect(store.getState().expanded[top.id]).toBe(true);
  });

  it('shows the /24 window of a prefix and steps inside it only', async () => {
    const x = s();
    const p = x.prefix('10.1.0.0/23');
    const store = createIpamStore(apiOf(x.t.caller(actor('viewer'))));
    await store.getState().select(p);
    expect(store.getState().map!.start).toBe('10.1.0.0');
    await store.getState().stepMap(1);
    expect(store.getState().map!.start).toBe('10.1.1.0');
    await store.getState().stepMap(1); // past the /23: stays
    expect(store.getState().map!.start).toBe('10.1.1.0');
    expect(windowStart('2001:db8::1234')).toBe('2001:db8::1200');
  });

  it('drops an answer that a newer request overtook', async () => {
    const x = s();
    x.prefix('10.0.0.0/16');
    const api = apiOf(x.t.caller(actor('viewer')));
    let releaseSlow: () => void = () => undefined;
    const store = createIpamStore({
      ...api,
      map: async (address, vrf) => {
        if (address === '10.0.1.0') await new Promise<void>((r) => (releaseSlow = r));
        return api.map(address, vrf) as Promise<AddressMap>;
      },
    });
    const slow = store.getState().showMap('10.0.1.5', '');
    const fast = store.getState().showMap('10.0.2.5', '');
    await fast;
    releaseSlow();
    await slow;
    expect(store.getState().map!.start).toBe('10.0.2.0');
  });

  it('refresh() brings what is shown up to date after a change', async () => {
    const x = s();
    const p = x.prefix('192.0.2.0/24');
    const store = createIpamStore(apiOf(x.t.caller(actor('viewer'))));
    await store.getState().loadLevel(null);
    await store.getState().select(p);
    await store.getState().openAddress('192.0.2.7', '');
    expect(store.getState().detail!.status).toBe('free');
    x.assign({ address: '192.0.2.7', customerId: 'acme' });
    await store.getState().refresh();
    expect(store.getState().detail!.status).toBe('used');
    expect(store.getState().map!.cells[7]!.status).toBe('used');
    expect(store.getState().levels[ROOT]!.nodes[0]!.usage.used).toBe('1');
    await store.getState().showReport(p.id, '');
    expect(store.getState().report!.assignments.map((a) => a.assignment)).toEqual(['192.0.2.7']);
    expect(store.getState().tab).toBe('report');
  });
});
