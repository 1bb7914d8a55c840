// Builds the walk-through service and hands its discrepancies to the tickets domain when it
// is there (a NOC-queue ticket per discrepancy; the task keeps the ticket's id).
import { ticketInput } from '../../../shared/schemas/tickets';
import type { Clock } from '../../core/clock';
import type { Store } from '../../store/repository';
import type { DeviceRepository } from '../inventory/repository';
import type { RackRepository } from '../racks/repository';
import type { TicketService } from '../tickets/service';
import { WalkRepository } from './repository';
import { WalkService } from './service';

export function createWalks(store: Store, racks: RackRepository, devices: DeviceRepository, clock: Clock, tickets?: TicketService): WalkService {
  const walks = new WalkService(new WalkRepository(store), racks, devices, clock);
  if (tickets) {
    walks.useTickets((ctx, t) => {
      try {
        return tickets.create(ctx, ticketInput.parse({ queue: 'noc', deviceId: t.deviceId, subject: t.subject, body: t.body, priority: 'normal' })).id;
      } catch (_err) {
        return null; // no NOC queue (or it refuses): the follow-up task alone carries it
      }
    });
  }
  return walks;
}
