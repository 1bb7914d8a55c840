import { z } from 'zod';
import { ROLE_VALUES } from '../../../shared/choices';
import { adminProcedure, router } from '../../core/trpc';

export const authRouter = router({
  users: adminProcedure.query(({ ctx }) => ctx.services.auth.users()),
  addUser: adminProcedure
    .input(z.object({ name: z.string().trim(), password: z.string().min(10, 'Passwords have at least 10 characters.'), role: z.enum(ROLE_VALUES), customerId: z.string().nullable().default(null) }))
    .mutation(({ ctx, input }) => ctx.services.auth.addUser(input.name, input.password, input.role, input.customerId)),
});
