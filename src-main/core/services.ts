// Everything the routers reach through ctx.services: built once by createCore.
import type { Clock } from './clock';
import type { Store } from '../store/repository';
import type { InventoryService } from '../domains/inventory/service';
import type { RackService } from '../domains/racks/service';
import type { SearchService } from '../domains/search/service';
import type { DemoService } from '../domains/demo/service';
import type { AuthService } from '../domains/auth/service';

export interface Services {
  clock: Clock;
  store: Store;
  inventory: InventoryService;
  racks: RackService;
  search: SearchService;
  demo: DemoService;
  auth: AuthService;
}
