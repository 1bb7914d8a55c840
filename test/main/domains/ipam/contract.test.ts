// The repository contract for each synced IPAM entity (row + audit + outbox together).
import type { IpAddress, IpPrefix, IpRange, Vlan } from '../../../../shared/ipam-types';
import { parseAddress, parseCidr } from '../../../../shared/ipam';
import { describeRepositoryContract } from '../../store/repository-contract';

let n = 0;
const uniquePrefix = () => parseCidr(`10.${(n = (n + 1) % 250)}.0.0/16`);

describeRepositoryContract<Vlan>({
  name: 'ipam_vlans',
  repository: (t) => t.core.services.ipam.repo.vlans,
  make: () => ({ vid: 100 + (n = (n + 1) % 3000), name: 'public', siteId: null, group: '', status: 'active', role: '', customerId: null, description: '', demo: false }),
  change: { name: 'public-2', description: 'renamed' },
});

describeRepositoryContract<IpPrefix>({
  name: 'ipam_prefixes',
  repository: (t) => t.core.services.ipam.repo.prefixes,
  make: () => {
    const p = uniquePrefix();
    return {
      vrf: '', family: p.family, prefix: p.text, length: p.length, startKey: p.startKey, endKey: p.endKey, parentId: null, status: 'active',
      zone: 'public', role: '', isPool: false, siteId: null, vlanId: null, customerId: null, rentalId: null, justification: '', assignedAt: null,
      section: '', description: '', demo: false,
    };
  },
  change: { status: 'reserved', customerId: 'acme', justification: 'growth' },
});

describeRepositoryContract<IpAddress>({
  name: 'ipam_addresses',
  repository: (t) => t.core.services.ipam.repo.addresses,
  make: () => {
    const a = parseAddress(`192.0.2.${(n = (n + 1) % 250) + 1}`);
    return {
      vrf: '', family: a.family, address: a.text, key: a.key, maskLength: 24, status: 'used', role: '', dnsName: 'a.example', description: '',
      deviceId: null, interface: '', customerId: 'acme', rentalId: null, justification: '', assignedAt: '2026-01-01T00:00:00.000Z', mac: '', notes: '', demo: false,
    };
  },
  change: { status: 'free', customerId: null },
});

describeRepositoryContract<IpRange>({
  name: 'ipam_ranges',
  repository: (t) => t.core.services.ipam.repo.ranges,
  make: () => {
    const a = parseAddress('192.0.2.10');
    const b = parseAddress('192.0.2.20');
    return { vrf: '', family: 4, startAddress: a.text, endAddress: b.text, startKey: a.key, endKey: b.key, status: 'dhcp', role: '', customerId: null, description: '', demo: false };
  },
  change: { status: 'reserved' },
});
