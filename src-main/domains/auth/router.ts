import { z } from 'zod';
import { ROLE_VALUES } from '../../../shared/choices';
import { invalid } from '../../core/errors';
import { adminProcedure, router } from '../../core/trpc';

export const authRouter = router({
  users: adminProcedure.query(({ ctx }) => ctx.services.auth.users()),
  addUser: adminProcedure
    .input(z.object({ name: z.string().trim(), password: z.string().min(10, 'Passwords have at least 10 characters.'), role: z.enum(ROLE_VALUES), customerId: z.string().nullable().default(null) }))
    .mutation(({ ctx, input }) => {
      // a customer login belongs to one existing customer; a staff login to none
      if (input.role !== 'customer' && input.customerId) throw invalid(`Only a customer login belongs to a customer; ${input.role} is a staff role.`, 'customerId');
      if (input.customerId && !ctx.services.customers.repo.customers.find(input.customerId)) throw invalid(`No customer with id ${input.customerId}.`, 'customerId');
      return ctx.services.auth.addUser(input.name, input.password, input.role, input.customerId);
    }),
});
