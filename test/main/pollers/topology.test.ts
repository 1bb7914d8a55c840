// Which device a monitored device sits behind (for folding alarms): the parent set in its
// settings, else the switch whose port is linked to it; never the wrong way up, never a loop.
import { describe, expect, it } from 'vitest';
import { topology } from '../../../src-main/pollers/runtime';

const dev = (deviceId: string, parentDeviceId: string | null = null) => ({ deviceId, parentDeviceId });
const link = (sw: string, to: string) => ({ deviceId: sw, linkedDeviceId: to });
const types = new Map([['core', 'switch'], ['sw1', 'switch'], ['sw2', 'switch'], ['srv1', 'server'], ['srv2', 'server'], ['pdu1', 'pdu']]);
const parents = (t: Array<readonly [string, string | null]>) => Object.fromEntries(t);

describe('parents for folding', () => {
  it('a server or PDU plugged into a switch port hangs off that switch when no parent is set', () => {
    const t = parents(topology([dev('sw1'), dev('srv1'), dev('pdu1')], [link('sw1', 'srv1'), link('sw1', 'pdu1')], types));
    expect(t).toEqual({ sw1: null, srv1: 'sw1', pdu1: 'sw1' });
  });

  it('a parent set in the settings wins over the port', () => {
    const t = parents(topology([dev('sw1'), dev('sw2'), dev('srv1', 'sw2')], [link('sw1', 'srv1')], types));
    expect(t.srv1).toBe('sw2');
  });

  it("a switch's uplink port linked to the core does not put the core behind the access switch", () => {
    const t = parents(topology([dev('core'), dev('sw1')], [link('sw1', 'core'), link('core', 'sw1')], types));
    expect(t).toEqual({ core: null, sw1: null });
  });

  it('a port on a device that is not monitored, or linked to one that is not, changes nothing', () => {
    expect(parents(topology([dev('srv1')], [link('sw1', 'srv1')], types))).toEqual({ srv1: null });
    expect(parents(topology([dev('sw1')], [link('sw1', 'srv2')], types))).toEqual({ sw1: null });
  });

  it('no loop: a switch set behind a server is not made its parent by a port', () => {
    const odd = new Map([...types, ['sw1', 'switch']]);
    const t = parents(topology([dev('sw1', 'srv1'), dev('srv1')], [link('sw1', 'srv1')], odd));
    expect(t).toEqual({ sw1: 'srv1', srv1: null });
  });
});
