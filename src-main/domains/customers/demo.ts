// The demo lab's business side: customers (one suspended, one on hold, one inactive) with
// contacts, a rental for every demo server that is Rented, some past rentals, tickets in
// every queue, a QA checklist with runs for the servers in Staging, and a few messages.
// All marked demo and removed with the lab.
import type { ContactRole, CustomerStatus } from '../../../shared/customers';
import type { Currency } from '../../../shared/rentals';
import { DEFAULT_SLA, type TicketPriority } from '../../../shared/tickets';
import type { WriteContext } from '../../store/repository';
import { seededRandom } from '../demo/generate';
import type { DemoExtension } from '../demo/service';
import type { BusinessServices } from './business';

const CUSTOMERS: Array<{ name: string; company: string; domain: string; city: string; country: string; status: CustomerStatus; reason?: string; currency: Currency }> = [
  { name: 'Northwind Streaming', company: 'Northwind Media Inc.', domain: 'northwind.example', city: 'Ashburn', country: 'US', status: 'active', currency: 'USD' },
  { name: 'Blue Fjord Games', company: 'Blue Fjord AS', domain: 'bluefjord.example', city: 'Oslo', country: 'NO', status: 'active', currency: 'EUR' },
  { name: 'Kestrel Analytics', company: 'Kestrel Analytics GmbH', domain: 'kestrel.example', city: 'Frankfurt', country: 'DE', status: 'active', currency: 'EUR' },
  { name: 'Harbor Mail', company: 'Harbor Mail LLC', domain: 'harbormail.example', city: 'Baltimore', country: 'US', status: 'active', currency: 'USD' },
  { name: 'Quanta Render Farm', company: 'Quanta Studios Ltd', domain: 'quanta.example', city: 'London', country: 'GB', status: 'active', currency: 'GBP' },
  { name: 'Vela Fintech', company: 'Vela Payments SA', domain: 'vela.example', city: 'Geneva', country: 'CH', status: 'active', currency: 'CHF' },
  { name: 'Cobalt CDN', company: 'Cobalt Networks Inc.', domain: 'cobaltcdn.example', city: 'Reston', country: 'US', status: 'active', currency: 'USD' },
  { name: 'Mosaic Hosting', company: 'Mosaic Hosting BV', domain: 'mosaic.example', city: 'Amsterdam', country: 'NL', status: 'active', currency: 'EUR' },
  { name: 'Lumen Labs', company: 'Lumen Labs Inc.', domain: 'lumenlabs.example', city: 'Sterling', country: 'US', status: 'active', currency: 'USD' },
  { name: 'Spamhaus-Listed Ltd', company: 'Bulk Sender Ltd', domain: 'bulksender.example', city: 'Douglas', country: 'IM', status: 'suspended', reason: 'abuse: outbound spam, ticket open', currency: 'EUR' },
  { name: 'Orbit Startups', company: 'Orbit Ventures', domain: 'orbit.example', city: 'Berlin', country: 'DE', status: 'on_hold', reason: 'identity check pending', currency: 'EUR' },
  { name: 'Old Pixel Co', company: 'Old Pixel Co', domain: 'oldpixel.example', city: 'Leeds', country: 'GB', status: 'inactive', reason: 'left in 2025', currency: 'GBP' },
];

const TICKETS: Array<{ queue: string; subject: string; body: string; priority: TicketPriority; withServer: boolean; status: 'new' | 'open' | 'pending' | 'resolved' }> = [
  { queue: 'support', subject: 'Server not reachable after reboot', body: 'We rebooted at 09:12 and it did not come back. Can you check the console?', priority: 'urgent', withServer: true, status: 'open' },
  { queue: 'support', subject: 'Reverse DNS for our new addresses', body: 'Please set PTR records for the /29 you assigned last week.', priority: 'normal', withServer: true, status: 'new' },
  { queue: 'support', subject: 'Invoice question for December', body: 'The December invoice shows two setup fees.', priority: 'low', withServer: false, status: 'pending' },
  { queue: 'provisioning', subject: 'Upgrade order: add 2× 3.84 TB NVMe', body: 'Customer ordered two more NVMe drives.', priority: 'normal', withServer: true, status: 'open' },
  { queue: 'provisioning', subject: 'Additional IPs: 8 × ipv4', body: 'Justification: eight TLS endpoints for separate customer brands.', priority: 'normal', withServer: true, status: 'new' },
  { queue: 'abuse', subject: 'Spamhaus listing for 203.0.114.77', body: 'SBL listing received; outbound port 25 blocked pending customer response.', priority: 'high', withServer: true, status: 'open' },
  { queue: 'abuse', subject: 'SSH brute force from our range', body: 'Report from an external CERT about SSH scanning.', priority: 'normal', withServer: true, status: 'resolved' },
  { queue: 'noc', subject: 'PDU-A in IAD1-A03 on battery', body: 'The UPS feeding PDU-A reported mains failure for 40 s.', priority: 'high', withServer: false, status: 'resolved' },
  { queue: 'noc', subject: 'Flapping uplink xe-0/0/47 on IAD1-B02-tor', body: 'Link flapped 6 times in 10 minutes.', priority: 'urgent', withServer: false, status: 'open' },
  { queue: 'support', subject: 'KVM console needed', body: 'Please attach the IP-KVM, we need to enter the RAID BIOS.', priority: 'high', withServer: true, status: 'new' },
];

export function businessDemo(s: BusinessServices): DemoExtension {
  return {
    load(ctx: WriteContext) {
      const rnd = seededRandom(11);
      const store = s.customers.repo.store;
      const now = store.clock.now();
      const day = 86_400_000;
      const iso = (ms: number) => new Date(ms).toISOString();
      const customers = CUSTOMERS.map((c, i) => {
        const row = s.customers.repo.customers.insert(ctx, {
          name: c.name, company: c.company, email: `accounts@${c.domain}`, phone: `+1 555 01${String(i).padStart(2, '0')}`, status: c.status, statusReason: c.reason ?? '',
          billingAddress: { line1: `${100 + i * 7} Market Street`, line2: '', city: c.city, postcode: String(10000 + i * 37), region: '', country: c.country }, createdAt: iso(now - (400 - i * 20) * day), demo: true,
        });
        const contacts: Array<[string, string, ContactRole[]]> = [['Billing desk', `billing@${c.domain}`, ['billing']], ['NOC on call', `noc@${c.domain}`, ['technical', 'emergency']], ['Abuse desk', `abuse@${c.domain}`, ['abuse']]];
        for (const [name, email, roles] of contacts) s.customers.repo.contacts.insert(ctx, { customerId: row.id, name, email, phone: '', roles, demo: true });
        return { row, spec: c };
      });
      s.customers.repo.notes.insert(ctx, { customerId: customers[9]!.row.id, author: 'demo-lab', body: 'Suspended after the second spam complaint; lift only with abuse team approval.', createdAt: iso(now - 3 * day), demo: true });
      // Every demo server (and VM) that is Rented gets its rental, spread over the customers who can hold one.
      const holders = customers.filter((c) => c.spec.status !== 'inactive');
      const rented = store.prepare(`SELECT id, name, type, specs FROM devices WHERE demo = 1 AND deleted = 0 AND status = 'rented' ORDER BY name`).all() as Array<{ id: string; name: string; type: string; specs: string }>;
      const plans = ['Dedicated S', 'Dedicated M', 'Dedicated L', 'Storage XL', 'GPU Compute'];
      rented.forEach((d, i) => {
        const owner = holders[Math.floor(rnd() * holders.length)]!;
        const startsAt = iso(now - Math.floor(30 + rnd() * 700) * day);
        const plan = d.type === 'vm' ? 'VM 4 vCPU' : plans[Math.floor(rnd() * plans.length)]!;
        const r = s.rentals.repo.rentals.insert(ctx, {
          customerId: owner.row.id, deviceId: d.id, status: 'active', startsAt, endsAt: i % 17 === 0 ? iso(now + (5 + (i % 9)) * day) : null, endedAt: null, endPath: null, endReason: '',
          plan, monthlyPriceCents: d.type === 'vm' ? 2900 : 7900 + Math.floor(rnd() * 40) * 1000, currency: owner.spec.currency, committedMbps: [100, 250, 500, 1000][i % 4]!, ips: [], demo: true,
        });
        s.rentals.repo.events.insert(ctx, { rentalId: r.id, customerId: owner.row.id, deviceId: d.id, kind: 'start', at: startsAt, actor: 'demo-lab', summary: `Rented to ${owner.spec.name} on ${plan}`, details: {}, demo: true });
      });
      // Some history: past rentals of servers that are Available now.
      const past = store.prepare(`SELECT id FROM devices WHERE demo = 1 AND deleted = 0 AND status = 'available' AND type = 'server' ORDER BY name LIMIT 12`).all() as Array<{ id: string }>;
      past.forEach((d, i) => {
        const owner = customers[i % customers.length]!;
        const start = now - (500 - i * 10) * day;
        const end = start + (120 + i * 5) * day;
        const r = s.rentals.repo.rentals.insert(ctx, {
          customerId: owner.row.id, deviceId: d.id, status: 'ended', startsAt: iso(start), endsAt: null, endedAt: iso(end), endPath: i % 2 ? 'wipe' : 'available', endReason: 'contract ended',
          plan: 'Dedicated M', monthlyPriceCents: 9900, currency: owner.spec.currency, committedMbps: 250, ips: [], demo: true,
        });
        s.rentals.repo.events.insert(ctx, { rentalId: r.id, customerId: owner.row.id, deviceId: d.id, kind: 'start', at: iso(start), actor: 'demo-lab', summary: `Rented to ${owner.spec.name} on Dedicated M`, details: {}, demo: true });
        s.rentals.repo.events.insert(ctx, { rentalId: r.id, customerId: owner.row.id, deviceId: d.id, kind: 'end', at: iso(end), actor: 'demo-lab', summary: 'Ended: contract ended.', details: {}, demo: true });
      });
      // People, queues and tickets.
      for (const [name, display, onShift] of [['ann', 'Ann Alvarez', true], ['bob', 'Bob Brandt', true], ['cid', 'Cid Costa', false], ['dee', 'Dee Dunn', true]] as const) {
        if (!s.tickets.repo.agentByName(name)) s.tickets.repo.agents.insert(ctx, { name, displayName: display, email: `${name}@dc.example`, onShift, shiftSince: onShift ? iso(now - 3 * 3_600_000) : null, demo: true });
      }
      const members: Record<string, string[]> = { support: ['ann', 'bob', 'cid'], provisioning: ['bob', 'dee'], abuse: ['dee'], noc: ['ann', 'cid', 'dee'] };
      for (const [key, m] of Object.entries(members)) {
        const q = s.tickets.queue(ctx, key);
        if (q.members.length === 0) s.tickets.repo.queues.update(ctx, q.id, { members: m, sla: DEFAULT_SLA });
      }
      const rentedRows = s.rentals.repo.list({ status: 'active', limit: 50, offset: 0 }).rows;
      TICKETS.forEach((k, i) => {
        const r = rentedRows[(i * 7) % Math.max(1, rentedRows.length)];
        const customerId = k.queue === 'noc' ? null : (i === 5 ? customers[9]!.row.id : r?.customerId ?? null);
        const t = s.tickets.create(ctx, { queue: k.queue, customerId, deviceId: k.withServer && r && i !== 5 ? r.deviceId : null, subject: k.subject, body: k.body, priority: k.priority, kind: k.queue === 'provisioning' ? (k.subject.startsWith('Upgrade') ? 'upgrade' : 'additional_ip') : k.queue === 'abuse' ? 'abuse' : 'general', links: [], assignee: null }, { demo: true });
        if (k.status !== 'new') s.tickets.reply(ctx, { id: t.id, body: 'Thanks, we are on it.', internal: false });
        if (k.status === 'pending' || k.status === 'resolved') s.tickets.setStatus(ctx, t.id, k.status);
      });
      // Staging QA: a checklist and a run for every demo server in Staging, some items done.
      const template = s.staging.repo.allTemplates().find((x) => x.isDefault) ?? s.staging.createTemplate(ctx, {
        name: 'Standard server QA', deviceTypes: ['server'], isDefault: true,
        items: [
          { key: 'rack-label', title: 'Racked and labelled front and rear', required: true, mode: 'manual', check: null, params: {}, help: '' },
          { key: 'serial-match', title: 'Serial and asset tag match', required: true, mode: 'manual', check: null, params: {}, help: '' },
          { key: 'bmc-reachable', title: 'BMC reachable', required: true, mode: 'automatic', check: 'ipmi.bmc-reachable', params: {}, help: '' },
          { key: 'sel-clean', title: 'SEL has no critical entries', required: true, mode: 'automatic', check: 'ipmi.sel-clean', params: {}, help: '' },
          { key: 'switch-port', title: 'Switch port up', required: true, mode: 'automatic', check: 'snmp.switch-port-up', params: {}, help: '' },
          { key: 'burn-in', title: 'Burn-in 24h', required: true, mode: 'automatic', check: 'burn-in', params: { minHours: 24 }, help: '' },
          { key: 'photos', title: 'Photos of front and rear', required: false, mode: 'manual', check: null, params: {}, help: '' },
        ],
      }, true);
      const staging = store.prepare(`SELECT id FROM devices WHERE demo = 1 AND deleted = 0 AND status = 'staging' AND type = 'server' ORDER BY name`).all() as Array<{ id: string }>;
      staging.forEach((d, i) => {
        const run = s.staging.ensureRun(ctx, d.id);
        const done = i % 4;
        for (const item of template.items.filter((x) => x.mode === 'manual').slice(0, done)) s.staging.record(ctx, { runId: run.id, itemKey: item.key, status: 'passed', note: 'demo', evidence: [] });
        if (i % 3 === 0) s.staging.recordBurnIn(ctx, { runId: run.id, hours: i % 2 ? 26 : 30, passed: i % 5 !== 0, tool: 'stress-ng', output: '' });
      });
      s.notifications.repo.inbox.insert(ctx, { customerId: null, category: 'announcement', severity: 'info', title: 'Welcome to the demo lab: customers, rentals, tickets and staging QA are filled in', body: 'Remove it all from the Demo menu.', createdAt: iso(now), readBy: [], ref: null, demo: true });
    },
    remove(ctx: WriteContext) {
      const store = s.customers.repo.store;
      let removed = 0;
      const ids = (table: string) => (store.prepare(`SELECT id FROM ${table} WHERE demo = 1 AND deleted = 0`).all() as Array<{ id: string }>).map((r) => r.id);
      const repos = [
        s.tickets.repo.messages, s.tickets.repo.tickets, s.tickets.repo.agents, s.staging.repo.results, s.staging.repo.runs, s.staging.repo.templates,
        s.rentals.repo.events, s.rentals.repo.rentals, s.notifications.repo.inbox, s.notifications.repo.cancellations, s.notifications.repo.announcements,
        s.customers.repo.notes, s.customers.repo.contacts, s.customers.repo.customers,
      ] as const;
      for (const repo of repos) for (const id of ids(repo.spec.table)) { repo.remove(ctx, id); removed++; }
      return removed;
    },
  };
}
