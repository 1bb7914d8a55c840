// The ARIN report: utilisation of a block, every customer assignment with its
// justification, reassignments of /29+ (IPv4) and /47+ (IPv6) listed for SWIP, CSV.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { arinCsv } from '../../../../src-main/domains/ipam/arin';
import { ctx, useIpam } from './setup';

describe('ARIN report', () => {
  const s = useIpam();

  it('counts assigned, reserved and free space and lists assignments for SWIP', () => {
    const x = s();
    x.prefix('203.0.112.0/22', { status: 'container' });
    x.prefix('203.0.112.0/28', { customerId: 'acme' }); // 16, SWIP
    x.prefix('203.0.112.8/29', { customerId: 'acme' }); // nested inside acme's /28: counted once
    x.prefix('203.0.112.16/30', { customerId: 'globex' }); // 4, too small for SWIP
    x.prefix('203.0.115.0/24', { status: 'reserved' }); // 256 reserved
    x.prefix('203.0.113.0/24');
    x.add({ mode: 'single', address: '203.0.113.1', status: 'gateway' });
    x.assign({ address: '203.0.113.10', customerId: 'initech' });
    x.ipam.addresses.reserve(ctx, { address: '203.0.113.11', vrf: '', description: 'spare', customerId: null, justification: '' });
    x.range({ start: '203.0.113.100', end: '203.0.113.109', status: 'dhcp' });
    x.assign({ address: '203.0.113.105', customerId: 'initech', justification: 'second VM' }); // a lease inside the pool
    const r = x.ipam.arinReport('203.0.112.0/22');
    // assigned: 16 + 4 + gateway + .10 + .105 + (10 - 1) DHCP; reserved: 256 + .11
    expect(r).toMatchObject({ total: '1024', assigned: '32', reserved: '257', free: '735' });
    expect(r.assignedPercent).toBeCloseTo(3.125, 3);
    expect(r.assignments.map((a) => [a.assignment, a.customerId, a.swip])).toEqual([
      ['203.0.112.0/28', 'acme', true],
      ['203.0.112.16/30', 'globex', false],
      ['203.0.113.10', 'initech', false],
      ['203.0.113.105', 'initech', false],
    ]);
    expect(r.swip.map((a) => a.assignment)).toEqual(['203.0.112.0/28']);
    expect(r.assignments.find((a) => a.assignment === '203.0.113.105')!.justification).toBe('second VM');
  });

  it('lists IPv6 reassignments of a /47 or more for SWIP, not a /48', () => {
    const x = s();
    x.prefix('2001:db8::/32', { status: 'container' });
    x.prefix('2001:db8::/47', { customerId: 'big' });
    x.prefix('2001:db8:2::/48', { customerId: 'small' });
    const r = x.ipam.arinReport('2001:db8::/32');
    expect(r.total).toBe((2n ** 96n).toString());
    expect(r.swip.map((a) => a.assignment)).toEqual(['2001:db8::/47']);
    expect(r.assigned).toBe((3n * 2n ** 80n).toString());
  });

  it('flags additional assignments that came without a justification (e.g. imported)', () => {
    const x = s();
    x.prefix('10.0.0.0/24');
    x.ipam.transfer.importCsv(ctx, { format: 'netbox-ip-addresses', text: 'address,tenant\n10.0.0.5/24,acme\n10.0.0.6/24,acme\n', dryRun: false });
    const r = x.ipam.arinReport('10.0.0.0/24');
    expect(r.assignments.map((a) => [a.assignment, a.missingJustification])).toEqual([['10.0.0.5', false], ['10.0.0.6', true]]);
  });

  it('exports CSV with the summary in comment lines', () => {
    const x = s();
    x.prefix('198.51.100.0/24', { status: 'container' });
    x.prefix('198.51.100.0/29', { customerId: 'acme', description: 'x' });
    const out = arinCsv(x.ipam.arinReport('198.51.100.0/24'));
    expect(out.split('\n').slice(0, 3)).toEqual([
      '# ARIN utilisation report for 198.51.100.0/24, generated 2026-01-01T00:00:00.000Z',
      '# total 256; assigned 8 (3.13 %); reserved 0 (0.00 %); free 248',
      '# 1 customer assignments; 1 reassignments to register with ARIN (SWIP)',
    ]);
    const records = parse(out, { columns: true, comment: '#' }) as Array<Record<string, string>>;
    expect(records).toEqual([{
      kind: 'prefix', assignment: '198.51.100.0/29', size: '8', customer: 'acme', customer_id: 'acme', rental_id: '', device: '', status: 'active',
      assigned_at: '2026-01-01T00:00:00.000Z', justification: '', swip: 'yes', missing_justification: 'no',
    }]);
  });
});
