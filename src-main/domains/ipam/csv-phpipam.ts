// phpIPAM's address CSV: section, ip_addr, hostname, description, subnet, mac, owner, device,
// note, tag, is_gateway, port. A row's subnet is created when it does not exist yet (with the
// row's section as its grouping label); existing prefixes are left as they are.
// Tags: Used → used, Reserved → reserved, Offline → deprecated, DHCP → dhcp (or phpIPAM's
// numbers 2, 3, 1, 4); is_gateway 1 makes the address a gateway (exported as Used + 1).
import { parseAddress, parseCidr, parseKey, prefixContains } from '../../../shared/ipam';
import type { AddressStatus } from '../../../shared/ipam-choices';
import type { ImportChange, IpPrefix } from '../../../shared/ipam-types';
import { boolCell, customerCell, customerText, deviceCell, upsertAddress, type FormatHandler } from './csv-netbox';

const TAGS: Record<string, AddressStatus> = { used: 'used', reserved: 'reserved', offline: 'deprecated', dhcp: 'dhcp', '2': 'used', '3': 'reserved', '1': 'deprecated', '4': 'dhcp' };
const TAG_OF: Record<AddressStatus, string> = { used: 'Used', gateway: 'Used', reserved: 'Reserved', deprecated: 'Offline', dhcp: 'DHCP', free: '' };
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

export const phpipamAddresses: FormatHandler = {
  label: 'phpIPAM addresses',
  columns: ['section', 'ip_addr', 'hostname', 'description', 'subnet', 'mac', 'owner', 'device', 'note', 'tag', 'is_gateway', 'port'],
  optional: [],
  required: ['ip_addr'],
  apply(rc, env) {
    const vrf = env.defaultVrf;
    const changes: ImportChange[] = [];
    const a = rc.at('ip_addr', () => parseAddress(rc.cell('ip_addr')));
    if (rc.cell('subnet')) {
      const subnet = rc.at('subnet', () => parseCidr(rc.cell('subnet')));
      if (!prefixContains(subnet, a.family, a.value)) rc.fail('ip_addr', `${a.text} is not inside its subnet ${subnet.text}`);
      if (!env.ipam.repo.prefixByText(vrf, subnet.startKey, subnet.length)) {
        rc.at('subnet', () => env.ipam.tree.create(env.ctx, {
          prefix: subnet.text, vrf, status: 'active', zone: undefined, role: '', isPool: false, siteId: null, vlanId: null, customerId: null,
          rentalId: null, justification: '', section: rc.cell('section'), description: '',
        }, { skipJustification: true }));
        changes.push({ line: rc.line, action: 'create', kind: 'prefix', key: subnet.text, changes: {} });
        env.cache.clear(); // a new prefix: cached homes of addresses may have changed
      }
    }
    const tag = rc.cell('tag').toLowerCase();
    let status: AddressStatus = tag === '' ? 'used' : TAGS[tag] ?? rc.fail('tag', `"${rc.cell('tag')}" is not a phpIPAM tag (Used, Reserved, Offline, DHCP)`);
    if (boolCell(rc, 'is_gateway')) status = 'gateway';
    const mac = rc.cell('mac');
    if (mac && !MAC.test(mac)) rc.fail('mac', `"${mac}" is not a MAC address (like 00:1a:2b:3c:4d:5e)`);
    changes.push(upsertAddress(rc, env, 'ip_addr', a.text, vrf, {
      status, dnsName: rc.cell('hostname'), description: rc.cell('description'), mac: mac.toLowerCase(), customerId: customerCell(rc, env, 'owner'),
      deviceId: deviceCell(rc, env, 'device'), notes: rc.cell('note'), interface: rc.cell('port'),
    }));
    return changes;
  },
  export(ipam, vrf) {
    const rows: Array<Record<string, string>> = [];
    const prefixes = new Map<string, IpPrefix>();
    const sectionOf = (p: IpPrefix | null): string => {
      for (let cur = p, guard = 0; cur && guard < 130; guard++) {
        if (cur.section) return cur.section;
        cur = cur.parentId ? prefixes.get(cur.parentId) ?? ipam.repo.prefixes.find(cur.parentId) : null;
      }
      return '';
    };
    const iter = ipam.store.prepare(`SELECT * FROM ipam_addresses WHERE deleted = 0 AND status <> 'free' AND vrf = ? ORDER BY key`).iterate(vrf ?? '');
    for (const raw of iter as Iterable<Record<string, unknown>>) {
      const r = ipam.repo.addresses.fromDb(raw);
      const home = ipam.repo.mostSpecific(r.vrf, r.family, parseKey(r.key).value);
      if (home) prefixes.set(home.id, home);
      rows.push({
        section: sectionOf(home), ip_addr: r.address, hostname: r.dnsName, description: r.description, subnet: home?.prefix ?? '', mac: r.mac,
        owner: customerText(ipam, r.customerId), device: r.deviceId ? ipam.dir.deviceNames([r.deviceId]).get(r.deviceId)?.name ?? '' : '',
        note: r.notes, tag: TAG_OF[r.status], is_gateway: r.status === 'gateway' ? '1' : '0', port: r.interface,
      });
    }
    return { columns: phpipamAddresses.columns, rows };
  },
};
