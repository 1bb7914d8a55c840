// The built-in console driver: Serial-over-LAN through the project's IPMI client, in the BMC's
// shared session (the session manager keeps it while the console is open).
import { type IpmiClient, isIpmiError } from '../../protocols/ipmi/index';
import { PAYLOAD_ALREADY_ACTIVE } from '../../protocols/ipmi/commands/app/activate-payload';
import { DriverEvents, SolActiveError, type ConsoleDriver } from './driver';

export async function openSolDriver(client: IpmiClient, opts: { takeOver: boolean; label: string }): Promise<ConsoleDriver> {
  const events = new DriverEvents();
  let sol;
  try {
    sol = await client.sol({ onData: (b) => events.data(Uint8Array.from(b)), takeOver: opts.takeOver });
  } catch (err) {
    if (isIpmiError(err, 'sol') && err.completionCode === PAYLOAD_ALREADY_ACTIVE) {
      throw new SolActiveError(`SOL is already active on ${opts.label} (another session holds it, perhaps one left behind). Take it over to end that session's console and open this one.`);
    }
    throw err;
  }
  let closing = false;
  sol.on('close', (err) => events.end(closing ? null : err ? err.message : 'the BMC ended Serial-over-LAN'));
  return {
    kind: 'sol',
    label: opts.label,
    write: (data) => sol.write(data),
    sendBreak: () => sol.sendBreak(),
    onData: (fn) => events.onData(fn),
    onEnd: (fn) => events.onEnd(fn),
    async close() {
      closing = true;
      await sol.close();
      events.end(null);
    },
  };
}
