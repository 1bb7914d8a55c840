// Rental rules (issue 7 §2). Invariants:
//  - a server has at most one active rental (also a unique index in migration 0006);
//  - a rental's time never overlaps another rental of the same server;
//  - a server is Rented exactly while it has an active rental: starting moves it to Rented,
//    ending moves it to Staging (wipe) or Available, and the status guard refuses Rented
//    without an active rental and refuses leaving Rented for Available/Staging while one is active;
//  - every start, modification and end is a rental event, in the same transaction.
import type { z } from 'zod';
import { STATUS_EFFECTS } from '../../../shared/customers';
import type { Rental, RentalEvent, RentalEventKind } from '../../../shared/rentals';
import { formatMoney } from '../../../shared/rentals';
import type { rentalEndInput, rentalListInput, rentalModifyInput, rentalStartInput } from '../../../shared/schemas/rentals';
import type { Device } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { conflict, invalid, precondition } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import type { CustomerService } from '../customers/service';
import type { InventoryService } from '../inventory/service';
import type { RentalRepository } from './repository';
import type { RootPasswords } from './root-passwords';

export interface StartedRental { rental: Rental; device: Device; rootPassword: string; sendWelcome: boolean }
type Hook<T> = (ctx: WriteContext, value: T) => void;

export class RentalService {
  /** Called inside the start/end transaction (welcome mail, staging run): a throw undoes it all. */
  readonly hooks: { started: Array<Hook<StartedRental>>; ended: Array<Hook<{ rental: Rental; device: Device }>> } = { started: [], ended: [] };

  constructor(
    readonly repo: RentalRepository,
    private readonly customers: CustomerService,
    private readonly inventory: InventoryService,
    private readonly clock: Clock,
    readonly rootPasswords: RootPasswords,
  ) {
    inventory.addStatusGuard((device, to) => this.statusGuard(device, to));
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** The lifecycle guard: Rented only with an active rental; leaving it only by ending the rental. */
  private statusGuard(device: Device, to: string): string | null {
    const active = this.repo.activeFor(device.id);
    if (to === 'rented' && !active) {
      return `${device.name} becomes Rented only by starting a rental for a customer (Customers → Start rental), so billing knows who has it.`;
    }
    if (active && (to === 'available' || to === 'staging')) {
      const who = this.customers.repo.customers.find(active.customerId)?.name ?? 'a customer';
      return `${device.name} is rented to ${who} since ${active.startsAt.slice(0, 10)}: end the rental (wipe → Staging, or straight to Available) instead of changing the status.`;
    }
    return null;
  }

  list(q: z.output<typeof rentalListInput>) {
    return this.repo.list(q);
  }

  require(id: string): Rental {
    const r = this.repo.rentals.find(id);
    if (!r) throw invalid(`No rental with id ${id}.`, 'id');
    return r;
  }

  start(ctx: WriteContext, input: z.output<typeof rentalStartInput>, opts: { demo?: boolean } = {}): StartedRental {
    return this.repo.store.write(() => {
      const customer = this.customers.require(input.customerId);
      this.customers.assertCanStartRental(customer);
      const device = this.inventory.devices.find(input.deviceId);
      if (!device) throw invalid(`No device with id ${input.deviceId}.`, 'deviceId');
      if (device.type !== 'server' && device.type !== 'vm') throw invalid(`${device.name} is a ${device.type}; only servers and VMs are rented.`, 'deviceId');
      const startsAt = input.startsAt ? iso(input.startsAt) : this.now();
      const endsAt = input.endsAt ? iso(input.endsAt) : null;
      if (endsAt && endsAt <= startsAt) throw invalid('The end date must be after the start date.', 'endsAt');
      // A rental makes the server Rented at once, so it cannot start ahead (a day of slack for
      // time zones): staff start it on its first day; until then the server stays Available.
      if (startsAt > new Date(this.clock.now() + 86_400_000).toISOString()) {
        throw invalid(`A rental cannot start in the future (${startsAt.slice(0, 10)}): starting it marks ${device.name} Rented at once. Start it on its first day; until then ${device.name} stays ${device.status === 'available' ? 'Available' : device.status} (put the reservation in a customer note).`, 'startsAt');
      }
      const active = this.repo.activeFor(device.id);
      if (active) {
        const who = this.customers.repo.customers.find(active.customerId)?.name ?? active.customerId;
        throw conflict(`${device.name} is already rented to ${who} since ${active.startsAt.slice(0, 10)}. End that rental first.`, 'deviceId');
      }
      const clash = this.repo.overlapping(device.id, startsAt, endsAt)[0];
      if (clash) {
        const who = this.customers.repo.customers.find(clash.customerId)?.name ?? clash.customerId;
        throw conflict(`A rental from ${startsAt.slice(0, 10)} would overlap ${who}'s rental of ${device.name} (${clash.startsAt.slice(0, 10)} – ${(clash.endedAt ?? clash.endsAt ?? 'open').slice(0, 10)}). Choose a start after it ended.`, 'startsAt');
      }
      if (device.status !== 'available' && device.status !== 'maintenance' && device.status !== 'rented') {
        throw precondition(device.status === 'staging'
          ? `${device.name} is still in Staging: finish its QA checklist and make it Available before renting it.`
          : `${device.name} is ${device.status}; only an Available server can be rented.`, 'deviceId');
      }
      const rental = this.repo.rentals.insert(ctx, {
        customerId: customer.id, deviceId: device.id, status: 'active', startsAt, endsAt, endedAt: null, endPath: null, endReason: '',
        plan: input.plan, monthlyPriceCents: Math.round(input.monthlyPrice * 100), currency: input.currency, committedMbps: input.committedMbps,
        ips: input.ips, demo: opts.demo ?? false,
      });
      this.event(ctx, rental, 'start', `Rented to ${customer.name}${input.plan ? ` on ${input.plan}` : ''}, ${formatMoney(rental.monthlyPriceCents, rental.currency)}/month, ${rental.committedMbps} Mbps committed`, { plan: input.plan, ips: input.ips }, startsAt);
      const moved = device.status === 'rented' ? device : this.inventory.setStatus({ ...ctx, reason: ctx.reason ?? `rented to ${customer.name}` }, device.id, 'rented');
      const rootPassword = input.rootPassword || this.rootPasswords.generate();
      this.rootPasswords.keep(ctx, rental.id, rootPassword);
      const started: StartedRental = { rental, device: moved, rootPassword, sendWelcome: input.sendWelcome };
      for (const hook of this.hooks.started) hook(ctx, started);
      return started;
    });
  }

  /** Ends an active rental and moves the server on the path staff chose. */
  end(ctx: WriteContext, input: z.output<typeof rentalEndInput>): Rental {
    return this.repo.store.write(() => {
      const rental = this.require(input.id);
      if (rental.status !== 'active') throw precondition(`This rental ended on ${rental.endedAt?.slice(0, 10) ?? '?'} already.`, 'id');
      const endedAt = input.endedAt ? iso(input.endedAt) : this.now();
      if (endedAt < rental.startsAt) throw invalid(`A rental cannot end (${endedAt.slice(0, 10)}) before it started (${rental.startsAt.slice(0, 10)}).`, 'endedAt');
      const ended = this.repo.rentals.update(ctx, rental.id, { status: 'ended', endedAt, endPath: input.path, endReason: input.reason }, 'end');
      const device = this.inventory.devices.find(rental.deviceId);
      if (!device) throw invalid(`The rented device ${rental.deviceId} no longer exists.`);
      const to = input.path === 'wipe' ? 'staging' : 'available';
      this.event(ctx, ended, 'end', input.path === 'wipe' ? `Ended: ${input.reason}. Server goes to wipe and Staging QA.` : `Ended: ${input.reason}. Server goes straight to Available.`, { path: input.path }, endedAt);
      const moved = device.status === to ? device : this.inventory.setStatus({ ...ctx, reason: `rental ended (${input.reason})` }, device.id, to);
      for (const hook of this.hooks.ended) hook(ctx, { rental: ended, device: moved });
      return ended;
    });
  }

  /** Records a change to a running rental (upgrade, added IPs, price…), with before/after. */
  modify(ctx: WriteContext, input: z.output<typeof rentalModifyInput>): Rental {
    return this.repo.store.write(() => {
      const rental = this.require(input.id);
      if (rental.status !== 'active') throw precondition('Only an active rental can be changed; this one has ended.', 'id');
      if (input.kind === 'upgrade' || input.kind === 'add_ip') this.customers.assertCanOrder(this.customers.require(rental.customerId));
      const missing = input.removeIps.filter((ip) => !rental.ips.includes(ip));
      if (missing.length) throw invalid(`Not on this rental: ${missing.join(', ')}.`, 'removeIps');
      const ips = [...rental.ips.filter((ip) => !input.removeIps.includes(ip)), ...input.addIps.filter((ip) => !rental.ips.includes(ip))];
      const endsAt = input.endsAt === undefined ? undefined : input.endsAt === null ? null : iso(input.endsAt);
      if (endsAt && endsAt <= rental.startsAt) throw invalid('The end date must be after the start date.', 'endsAt');
      const patch: Partial<Rental> = {
        plan: input.plan, committedMbps: input.committedMbps, ips,
        monthlyPriceCents: input.monthlyPrice === undefined ? undefined : Math.round(input.monthlyPrice * 100), endsAt,
      };
      const after = this.repo.rentals.update(ctx, rental.id, patch, 'modify');
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of ['plan', 'committedMbps', 'ips', 'monthlyPriceCents', 'endsAt'] as const) {
        if (JSON.stringify(rental[k]) !== JSON.stringify(after[k])) changes[k] = { from: rental[k], to: after[k] };
      }
      this.event(ctx, after, input.kind, input.summary, { changes });
      return after;
    });
  }

  history(filter: { customerId?: string; deviceId?: string }) {
    const rentals = this.repo.list({ ...filter, limit: 1000, offset: 0 }).rows;
    const events = this.repo.eventsOf(filter, 2000);
    return { rentals, events };
  }

  /** For a server: who rents it now, and what their account status means for it. */
  forDevice(deviceId: string) {
    const active = this.repo.activeFor(deviceId);
    if (!active) return { rental: null, customer: null, banner: null };
    const customer = this.customers.repo.customers.find(active.customerId);
    return { rental: active, customer, banner: customer ? STATUS_EFFECTS[customer.status].serverBanner : null };
  }

  private event(ctx: WriteContext, r: Rental, kind: RentalEventKind, summary: string, details: Record<string, unknown>, at = this.now()): RentalEvent {
    return this.repo.events.insert(ctx, { rentalId: r.id, customerId: r.customerId, deviceId: r.deviceId, kind, at, actor: ctx.actor.name, summary, details, demo: r.demo });
  }
}

/** One format for stored dates, so string order is time order. */
export function iso(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalid(`Not a date: ${text}.`);
  return new Date(ms).toISOString();
}
