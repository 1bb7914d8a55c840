// A second process for the concurrency test: opens the same store and allocates addresses
// as fast as it can from the same pool, starting when every peer is loaded (a file barrier:
// on a loaded machine one process may take seconds longer to start). Prints what it got.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../../../src-main/core/create-core';
import { allocateAddressInput } from '../../../../shared/schemas/ipam';

const [dataDir, countText, label, peersText] = process.argv.slice(2);
const core = createCore({ dataDir });
const ipam = core.services.ipam;
const actor = { id: `test:${label}`, name: label!, role: 'provisioning' as const };
writeFileSync(join(dataDir!, `ready-${label}`), '');
const peers = peersText!.split(',').map((p) => join(dataDir!, `ready-${p}`));
const giveUp = Date.now() + 60_000;
while (!peers.every((p) => existsSync(p)) && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 2));
const startedAt = Date.now();
const got: Array<{ address: string; at: number; startedAt: number }> = [];
for (let i = 0; i < Number(countText); i++) {
  const row = ipam.addresses.allocate({ actor }, allocateAddressInput.parse({ pool: '10.50.0.0/16', customerId: label, justification: 'load test' }));
  got.push({ address: row.address, at: Date.now(), startedAt });
}
process.stdout.write(`${JSON.stringify(got)}\n`, () => {
  core.close();
  process.exit(0); // now: other services' shutdown work is not this test's subject
});
