import { searchInput } from '../../../shared/schemas/inventory';
import { router, staffProcedure } from '../../core/trpc';

export const searchRouter = router({
  query: staffProcedure.input(searchInput).query(({ ctx, input }) => ctx.services.search.search(input.text, input.limit)),
});
