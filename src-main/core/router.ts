// The whole API: one router per domain, composed here. The renderer imports only the type.
import { inventoryRouter } from '../domains/inventory/router';
import { racksRouter } from '../domains/racks/router';
import { searchRouter } from '../domains/search/router';
import { systemRouter } from '../domains/system/router';
import { authRouter } from '../domains/auth/router';
import { ipamRouter } from '../domains/ipam/router';
import { customersRouter } from '../domains/customers/router';
import { rentalsRouter } from '../domains/rentals/router';
import { stagingRouter } from '../domains/staging/router';
import { ticketsRouter } from '../domains/tickets/router';
import { notificationsRouter } from '../domains/notifications/router';
import { syncRouter } from '../domains/sync/router';
import { walksRouter } from '../domains/walks/router';
import { monitoringRouter } from '../domains/monitoring/router';
import { alarmsRouter } from '../alarms/router';
import { bmcRouter } from '../domains/bmc/router';
import { consoleRouter } from '../domains/console/router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  inventory: inventoryRouter,
  racks: racksRouter,
  search: searchRouter,
  ipam: ipamRouter,
  customers: customersRouter,
  rentals: rentalsRouter,
  staging: stagingRouter,
  tickets: ticketsRouter,
  notifications: notificationsRouter,
  sync: syncRouter,
  walks: walksRouter,
  monitoring: monitoringRouter,
  alarms: alarmsRouter,
  bmc: bmcRouter,
  console: consoleRouter,
});

export type AppRouter = typeof appRouter;
