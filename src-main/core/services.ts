// Everything the routers reach through ctx.services: built once by createCore.
import type { Clock } from './clock';
import type { Store } from '../store/repository';
import type { InventoryService } from '../domains/inventory/service';
import type { RackService } from '../domains/racks/service';
import type { SearchService } from '../domains/search/service';
import type { DemoService } from '../domains/demo/service';
import type { AuthService } from '../domains/auth/service';
import type { IpamService } from '../domains/ipam/service';
import type { BusinessServices } from '../domains/customers/business';
import type { SyncService } from '../domains/sync/service';
import type { WalkService } from '../domains/walks/service';
import type { MonitoringServices } from '../pollers/wiring';
import type { BmcServices } from '../domains/bmc/wiring';

export interface Services {
  clock: Clock;
  store: Store;
  inventory: InventoryService;
  racks: RackService;
  search: SearchService;
  demo: DemoService;
  auth: AuthService;
  ipam: IpamService;
  customers: BusinessServices['customers'];
  rentals: BusinessServices['rentals'];
  staging: BusinessServices['staging'];
  tickets: BusinessServices['tickets'];
  notifications: BusinessServices['notifications'];
  mail: BusinessServices['mail'];
  cancellations: BusinessServices['cancellations'];
  links: BusinessServices['links'];
  sync: SyncService;
  walks: WalkService;
  secrets: MonitoringServices['secrets'];
  monitoring: MonitoringServices['monitoring'];
  alarms: MonitoringServices['alarms'];
  metrics: MonitoringServices['metrics'];
  pollers: MonitoringServices['pollers'];
  wall: MonitoringServices['wall'];
  bmc: BmcServices['bmc'];
  consoles: BmcServices['consoles'];
  ipmiPoller: BmcServices['ipmiPoller'];
}
