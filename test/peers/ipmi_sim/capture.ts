// Records an RMCP/RMCP+ exchange between a client (ipmitool) and a BMC (ipmi_sim) by
// relaying UDP through a loopback proxy, so golden-byte tests can replay real traffic.
// usage: npx tsx test/peers/ipmi_sim/capture.ts LISTEN_PORT BMC_PORT OUT.json -- CLIENT ARGS...
// The client must be pointed at 127.0.0.1:LISTEN_PORT; the proxy relays to 127.0.0.1:BMC_PORT.
import { createSocket, type RemoteInfo } from 'node:dgram';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

interface Datagram { dir: 'c2b' | 'b2c'; hex: string }

const [listenArg, bmcArg, out, sep, cmd, ...args] = process.argv.slice(2);
if (!listenArg || !bmcArg || !out || sep !== '--' || !cmd) {
  console.error('usage: capture.ts LISTEN_PORT BMC_PORT OUT.json -- CLIENT ARGS...');
  process.exit(2);
}
const bmcPort = Number(bmcArg);
const log: Datagram[] = [];
const front = createSocket('udp4');
const back = createSocket('udp4');
let client: RemoteInfo | undefined;
front.on('message', (msg, from) => {
  client = from;
  log.push({ dir: 'c2b', hex: msg.toString('hex') });
  back.send(msg, bmcPort, '127.0.0.1');
});
back.on('message', (msg) => {
  log.push({ dir: 'b2c', hex: msg.toString('hex') });
  if (client) front.send(msg, client.port, client.address);
});
front.bind(Number(listenArg), '127.0.0.1', () => {
  back.bind(0, '127.0.0.1', () => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.on('exit', (code) => {
      writeFileSync(out, JSON.stringify({ command: [cmd, ...args].join(' '), exitCode: code, stdout, datagrams: log }, null, 1) + '\n');
      console.log(`${log.length} datagrams -> ${out}`);
      front.close();
      back.close();
    });
  });
});
