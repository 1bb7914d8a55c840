// Dropped packets are counted and shown (review finding 6): a UDP relay between the app and a
// real ipmi_sim (UDP 29840, relay 29841) sends one of the BMC's in-session answers twice; the
// session drops the copy as a replay and the Hardware view (what the drawer's status line shows)
// and `noc ipmi … --verbose` / `info --json` say so.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runIpmi, type CliIo } from '../../../../src-main/cli/ipmi';
import { ipmiSimAvailable, type IpmiSim } from '../../../peers/ipmi-sim';
import { BMC_PASSWORD, bmcCore, serverWithBmc, startSim } from './setup';
import type { TestCore } from '../../helpers';

const PORT = 29840;
const RELAY_PORT = 29841;

/** Relays datagrams client <-> BMC; `replayNext` sends the BMC's next in-session datagram twice. */
class Relay {
  replayNext = false;
  replayed = 0;
  private readonly front: Socket = createSocket('udp4');
  private readonly back: Socket = createSocket('udp4');
  private client: RemoteInfo | undefined;

  constructor(private readonly bmcPort: number) {
    this.front.on('message', (m, from) => {
      this.client = from;
      this.back.send(m, this.bmcPort, '127.0.0.1');
    });
    this.back.on('message', (m) => {
      const c = this.client;
      if (!c) return;
      this.front.send(m, c.port, c.address);
      // RMCP+ (auth type 06h) with a session id: an answer inside a session
      const inSession = m[4] === 0x06 && m.readUInt32LE(6) !== 0;
      if (this.replayNext && inSession) {
        this.replayNext = false;
        this.replayed++;
        this.front.send(m, c.port, c.address);
      }
    });
  }

  async start(port: number): Promise<void> {
    await new Promise<void>((r) => this.front.bind(port, '127.0.0.1', () => r()));
    await new Promise<void>((r) => this.back.bind(0, '127.0.0.1', () => r()));
  }

  close(): void {
    this.front.close();
    this.back.close();
  }
}

describe.skipIf(!ipmiSimAvailable)('dropped packets are counted and visible', () => {
  let sim: IpmiSim;
  let relay: Relay;
  beforeAll(async () => {
    sim = await startSim(PORT);
    relay = new Relay(PORT);
    await relay.start(RELAY_PORT);
  });
  afterAll(async () => {
    relay?.close();
    await sim?.stop();
  });

  describe('in the Hardware view', () => {
    let t: TestCore;
    beforeEach(() => {
      t = bmcCore();
    });
    afterEach(async () => {
      await t.core.shutdown(); // ends with core.close()
      rmSync(t.dir, { recursive: true, force: true });
    });

    it('a replayed BMC answer is dropped, counted as a replay, and reported with the reading', async () => {
      const { api, device } = await serverWithBmc(t, { ...sim, port: RELAY_PORT }, { cipherSuites: [3] });
      const first = await api.bmc.refresh({ deviceId: device.id });
      expect(first.error).toBeNull();
      expect(first.dropped).toEqual({ total: 0, wrongAddress: 0, badIntegrity: 0, replay: 0, other: 0 });
      relay.replayNext = true;
      const second = await api.bmc.refresh({ deviceId: device.id });
      expect(relay.replayed).toBe(1);
      expect(second.error).toBeNull();
      expect(second.dropped).toEqual({ total: 1, wrongAddress: 0, badIntegrity: 0, replay: 1, other: 0 });
      expect((await api.bmc.hardware({ deviceId: device.id })).dropped?.total).toBe(1);
    });
  });

  it('noc ipmi --verbose and info --json say how many packets were dropped and why', async () => {
    const lines: { out: string[]; err: string[] } = { out: [], err: [] };
    const io: CliIo = { out: (s) => lines.out.push(s), err: (s) => lines.err.push(s), env: { IPMI_PASSWORD: BMC_PASSWORD }, askSecret: () => Promise.reject(new Error('no prompt in this test')) };
    const target = `127.0.0.1:${RELAY_PORT}`;
    relay.replayNext = true;
    const before = relay.replayed;
    // the first in-session answer (Set Session Privilege Level) comes twice
    expect(await runIpmi(target, ['power', 'status'], { user: 'admin', cipher: '3', verbose: true }, io)).toBe(0);
    expect(relay.replayed).toBe(before + 1);
    expect(lines.err).toContain('packets dropped: 1 (wrong address 0, bad integrity 0, replay 1, other 0)');
    expect(await runIpmi(target, ['info'], { user: 'admin', cipher: '3', json: true }, io)).toBe(0);
    expect(JSON.parse(lines.out.at(-1) ?? '{}')).toMatchObject({ droppedPackets: { total: 0, wrongAddress: 0, badIntegrity: 0, replay: 0, other: 0 } });
  });
});
