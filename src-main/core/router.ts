// The whole API: one router per domain, composed here. The renderer imports only the type.
import { inventoryRouter } from '../domains/inventory/router';
import { racksRouter } from '../domains/racks/router';
import { searchRouter } from '../domains/search/router';
import { systemRouter } from '../domains/system/router';
import { authRouter } from '../domains/auth/router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  inventory: inventoryRouter,
  racks: racksRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
