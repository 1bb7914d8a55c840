// The demo lab: two sites, 24 racks, ~550 servers, switches and patch panels, ~150 VMs,
// in varied states. Seeded, so every newcomer sees the same datacenter.
import type { DeviceStatus } from '../../../shared/choices';
import type { DeviceInput } from '../../../shared/schemas/inventory';

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoRack { site: number; room: number; name: string; devices: Array<Omit<DeviceInput, 'rackId'>> }
export interface DemoPlan {
  sites: Array<{ name: string; code: string; address: string; rooms: string[] }>;
  racks: DemoRack[];
}

const CPUS = ['2× Intel Xeon Gold 6338 (64c)', 'AMD EPYC 7443P (24c)', 'AMD EPYC 9354 (32c)', 'Intel Xeon E-2388G (8c)', '2× Intel Xeon Silver 4314 (32c)'];
const STORAGE = ['2× 960 GB NVMe', '4× 4 TB SATA HDD + 2× 480 GB SSD', '2× 1.92 TB NVMe', '8× 8 TB SAS HDD', '1× 480 GB SSD'];
const OSES = ['Ubuntu 24.04', 'Debian 12', 'Rocky Linux 9', 'Windows Server 2022', 'Proxmox VE 8', 'VMware ESXi 8'];

function pickStatus(r: number): DeviceStatus {
  if (r < 0.55) return 'rented';
  if (r < 0.75) return 'available';
  if (r < 0.85) return 'staging';
  if (r < 0.91) return 'maintenance';
  if (r < 0.96) return 'faulty';
  return 'decommissioned';
}

export function demoPlan(seed = 42): DemoPlan {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sites = [
    { name: 'Ashburn DC1', code: 'IAD1', address: '21571 Beaumeade Cir, Ashburn, VA', rooms: ['Hall A', 'Hall B'] },
    { name: 'Frankfurt DC2', code: 'FRA2', address: 'Hanauer Landstraße 302, Frankfurt', rooms: ['Suite 1', 'Suite 2'] },
  ];
  const racks: DemoRack[] = [];
  let serial = 100000;
  for (let s = 0; s < sites.length; s++) {
    for (let room = 0; room < 2; room++) {
      for (let k = 1; k <= 6; k++) {
        const name = `${sites[s]!.code}-${String.fromCharCode(65 + room)}${String(k).padStart(2, '0')}`;
        const devices: DemoRack['devices'] = [];
        devices.push({ name: `${name.toLowerCase()}-tor`, type: 'switch', status: 'available', position: 42, heightU: 1, serial: `SW${serial++}`, assetTag: `AT-${serial}`, mgmtIp: `10.${s}.${room * 10 + k}.2`, specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [{ name: 'xe-0/0/0-47', speedGbps: 10, mac: '' }] } });
        devices.push({ name: `${name.toLowerCase()}-mgmt`, type: 'switch', status: 'available', position: 41, heightU: 1, serial: `SW${serial++}`, assetTag: `AT-${serial}`, mgmtIp: `10.${s}.${room * 10 + k}.3` });
        devices.push({ name: `${name.toLowerCase()}-pp`, type: 'patch_panel', status: 'available', position: 40, heightU: 1, face: 'rear', fullDepth: false });
        devices.push({ name: `${name.toLowerCase()}-pdu-a`, type: 'pdu', status: 'available', heightU: 0 });
        let u = 1;
        let n = 1;
        while (u <= 38) {
          const halfPair = k % 3 === 1 && u === 20; // some racks have a half-width pair
          const height = halfPair ? 1 : rnd() < 0.6 ? 1 : 2;
          if (u + height - 1 > 38) break;
          if (rnd() < 0.25 && !halfPair) { u += height; continue; } // free units
          const make = (width: 'full' | 'left' | 'right') => {
            const host = `${name.toLowerCase()}-s${String(n++).padStart(2, '0')}`;
            devices.push({
              name: host, type: 'server', status: pickStatus(rnd()), position: u, heightU: height, width,
              serial: `SN${serial++}`, assetTag: `AT-${serial}`, os: pick(OSES),
              mgmtIp: `10.${100 + s}.${room * 10 + k}.${n}`, primaryIp: `203.0.${113 + s}.${(room * 6 + k) * 8 + (n % 8)}`,
              specs: { cpu: pick(CPUS), ramGb: pick([32, 64, 128, 256, 512]), storage: pick(STORAGE), gpu: rnd() < 0.08 ? 'NVIDIA L40S' : '', nics: [{ name: 'eno1', speedGbps: pick([1, 10, 25]), mac: '' }] },
            });
          };
          if (halfPair) { make('left'); make('right'); } else make('full');
          u += height;
        }
        racks.push({ site: s, room, name, devices });
      }
    }
  }
  return { sites, racks };
}
