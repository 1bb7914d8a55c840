// The trap receiver against Debian's `snmptrap` (v1, v2c, v3, informs) and against the
// traps a real snmpd sends when a link is pulled.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTrapReceiver, type TrapEvent, type TrapReceiver } from '../../../../src-main/protocols/snmp';
import { sendTrap, snmpdMissing, startSnmpd } from '../../../peers/snmpd';
import { isRunning, skipNote, waitFor } from './helpers/peers';

const PORT = 26110;
const V1_PORT = 26111;
const AGENT_PORT = 26113;
const AGENT_TRAP_PORT = 26114;
const missing = snmpdMissing();
const V3 = { name: 'v3trap', authProtocol: 'sha', authKey: 'authpass123', privProtocol: 'aes', privKey: 'privpass123' } as const;

const IF_INDEX = '1.3.6.1.2.1.2.2.1.1';
const IF_OPER = '1.3.6.1.2.1.2.2.1.8';

describe.skipIf(!!missing)(skipNote('trap receiver with snmptrap', missing), () => {
  let rx: TrapReceiver;
  const events: TrapEvent[] = [];
  const next = async (n = 1): Promise<TrapEvent> => {
    expect(await waitFor(() => events.length >= n, 5000)).toBe(true);
    return events[n - 1]!;
  };

  beforeAll(async () => {
    rx = await startTrapReceiver({ port: PORT, users: [V3], onTrap: (e) => events.push(e) });
  });
  afterEach(() => {
    events.length = 0;
  });
  afterAll(async () => {
    await rx?.close();
  });

  it('binds 127.0.0.1 by default', () => {
    expect(rx.address).toBe('127.0.0.1');
    expect(rx.port).toBe(PORT);
  });

  it('types a v2c linkDown with its ifIndex, uptime and varbinds', async () => {
    await sendTrap({ port: PORT, trapOid: '1.3.6.1.6.3.1.1.5.3', uptime: 4242, varbinds: [[`${IF_INDEX}.7`, 'i', '7'], [`${IF_OPER}.7`, 'i', '2']] });
    const e = await next();
    expect(e).toMatchObject({ kind: 'linkDown', version: 'v2c', inform: false, ifIndex: 7, agentAddress: '127.0.0.1', trapOid: '1.3.6.1.6.3.1.1.5.3' });
    expect(e.uptime).toBe(4242);
    expect(e.varbinds.find((v) => v.oid === `${IF_OPER}.7`)).toMatchObject({ type: 'Integer', value: 2 });
    expect(Math.abs(e.receivedAt - Date.now())).toBeLessThan(5000);
    expect(e).not.toHaveProperty('community');
  });

  it.each([
    ['1.3.6.1.6.3.1.1.5.4', 'linkUp'],
    ['1.3.6.1.6.3.1.1.5.1', 'coldStart'],
    ['1.3.6.1.6.3.1.1.5.2', 'warmStart'],
    ['1.3.6.1.6.3.1.1.5.5', 'authenticationFailure'],
    ['1.3.6.1.4.1.9.9.41.2.0.1', 'other'],
  ])('types %s as %s', async (trapOid, kind) => {
    await sendTrap({ port: PORT, trapOid, varbinds: [[`${IF_INDEX}.3`, 'i', '3']] });
    expect(await next()).toMatchObject({ kind, trapOid, ifIndex: 3 });
  });

  it('takes ifIndex from an ifTable varbind instance when there is no ifIndex varbind', async () => {
    await sendTrap({ port: PORT, trapOid: '1.3.6.1.6.3.1.1.5.4', varbinds: [[`${IF_OPER}.12`, 'i', '1']] });
    expect((await next()).ifIndex).toBe(12);
  });

  it('receives SNMPv3 authPriv (SHA/AES) traps and reports the user', async () => {
    await sendTrap({ port: PORT, version: 'v3', v3: { user: V3.name, authKey: V3.authKey, privKey: V3.privKey }, trapOid: '1.3.6.1.6.3.1.1.5.4', varbinds: [[`${IF_INDEX}.5`, 'i', '5']] });
    expect(await next()).toMatchObject({ kind: 'linkUp', version: 'v3', user: 'v3trap', ifIndex: 5 });
  });

  it('acknowledges informs (snmptrap -Ci fails without the acknowledgement), v2c and v3', async () => {
    await sendTrap({ port: PORT, inform: true, trapOid: '1.3.6.1.6.3.1.1.5.3', varbinds: [[`${IF_INDEX}.9`, 'i', '9']] });
    expect(await next()).toMatchObject({ kind: 'linkDown', inform: true, ifIndex: 9 });
    await sendTrap({ port: PORT, inform: true, version: 'v3', v3: { user: V3.name, authKey: V3.authKey, privKey: V3.privKey }, trapOid: '1.3.6.1.6.3.1.1.5.1' });
    expect(await next(2)).toMatchObject({ kind: 'coldStart', inform: true, version: 'v3' });
  });

  it('drops and counts wrong communities and wrong v3 keys', async () => {
    const before = rx.counters();
    await sendTrap({ port: PORT, community: 'guess', trapOid: '1.3.6.1.6.3.1.1.5.1' });
    await sendTrap({ port: PORT, version: 'v3', v3: { user: V3.name, authKey: 'wrong-auth-key', privKey: V3.privKey }, trapOid: '1.3.6.1.6.3.1.1.5.1' });
    await sendTrap({ port: PORT, version: 'v3', v3: { user: 'stranger', authKey: V3.authKey, privKey: V3.privKey }, trapOid: '1.3.6.1.6.3.1.1.5.1' });
    expect(await waitFor(() => rx.counters().received - before.received >= 3, 3000)).toBe(true);
    const after = rx.counters();
    expect(after.authFailures - before.authFailures).toBe(3);
    expect(after.dropped - before.dropped).toBe(3);
    expect(after.events).toBe(before.events);
    expect(events).toEqual([]);
    expect(after.received).toBe(after.events + after.dropped + after.reports);
    expect(after.reports).toBeGreaterThan(0); // the v3 inform's engine discovery, earlier
  });

  it('refuses SNMPv1 traps unless acceptV1, then types them (RFC 3584 §3.1)', async () => {
    const v1events: TrapEvent[] = [];
    const v1rx = await startTrapReceiver({ port: V1_PORT, acceptV1: true, onTrap: (e) => v1events.push(e) });
    try {
      const v1 = (port: number) =>
        sendTrap({ port, version: 'v1', trapOid: '1.3.6.1.4.1.8072', v1: { generic: 2 }, uptime: 777, varbinds: [[`${IF_INDEX}.4`, 'i', '4']] });
      await v1(PORT);
      await v1(V1_PORT);
      expect(await waitFor(() => v1events.length === 1, 3000)).toBe(true);
      expect(v1events[0]).toMatchObject({ kind: 'linkDown', version: 'v1', ifIndex: 4, uptime: 777 });
      expect(events).toEqual([]);
    } finally {
      await v1rx.close();
    }
  });

  it('a second receiver on a busy port fails to start with the socket error', async () => {
    await expect(startTrapReceiver({ port: PORT, onTrap: () => {} })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe.skipIf(!!missing)(skipNote('traps from a real snmpd when a link is pulled', missing), () => {
  it('coldStart at agent start, then linkDown/linkUp with the ifIndex', async () => {
    const events: TrapEvent[] = [];
    const rx = await startTrapReceiver({ port: AGENT_TRAP_PORT, onTrap: (e) => events.push(e) });
    const agent = await startSnmpd({ port: AGENT_PORT, trapPort: AGENT_TRAP_PORT });
    try {
      await agent.setIfOperStatus(3, 'up');
      expect(await waitFor(() => events.some((e) => e.kind === 'coldStart'), 5000)).toBe(true);
      // the agent's DISMAN-EVENT monitor samples every second
      expect(await waitFor(() => events.some((e) => e.kind === 'linkUp' && e.ifIndex === 3), 6000)).toBe(true);
      await agent.setIfOperStatus(3, 'down');
      expect(await waitFor(() => events.some((e) => e.kind === 'linkDown' && e.ifIndex === 3), 6000)).toBe(true);
      const down = events.find((e) => e.kind === 'linkDown' && e.ifIndex === 3)!;
      expect(down.varbinds.find((v) => v.oid === `${IF_OPER}.3`)?.value).toBe(2);
      expect(down.uptime).toBeGreaterThan(0);
    } finally {
      await agent.stop();
      await rx.close();
    }
    expect(isRunning(agent.pid)).toBe(false);
  });
});
