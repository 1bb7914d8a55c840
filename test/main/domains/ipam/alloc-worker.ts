// A second process for the concurrency test: opens the same store and allocates addresses
// as fast as it can from the same pool, starting at an agreed time. Prints what it got.
import { createCore } from '../../../../src-main/core/create-core';
import { allocateAddressInput } from '../../../../shared/schemas/ipam';

const [dataDir, countText, label, startAtText] = process.argv.slice(2);
const core = createCore({ dataDir });
const ipam = core.services.ipam;
const actor = { id: `test:${label}`, name: label!, role: 'provisioning' as const };
const startAt = Number(startAtText);
while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 5)); // bounded by startAt
const got: Array<{ address: string; at: number }> = [];
for (let i = 0; i < Number(countText); i++) {
  const row = ipam.addresses.allocate({ actor }, allocateAddressInput.parse({ pool: '10.50.0.0/16', customerId: label, justification: 'load test' }));
  got.push({ address: row.address, at: Date.now() });
}
process.stdout.write(`${JSON.stringify(got)}\n`, () => {
  core.close();
  process.exit(0); // now: other services' shutdown work is not this test's subject
});
