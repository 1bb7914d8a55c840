// Notifications over the API: the message center (and its live feed for desktop
// notifications), announcements, the mail queue and SMTP settings, cancellations, and
// the overage report.
import { z } from 'zod';
import type { InboxMessage } from '../../../shared/notifications';
import { idSchema } from '../../../shared/schemas/common';
import { announcementInput, cancellationInput, inboxListInput, mailListInput, mailSettingsInput, overageInput } from '../../../shared/schemas/notifications';
import { eventStream } from '../../core/events';
import { adminProcedure, allow, router, staffProcedure } from '../../core/trpc';
import { overageReportMail } from '../../mail/templates';
import { scopeOf } from '../customers/access';
import { staffOrCustomer } from '../customers/router';

const office = allow('admin', 'provisioning', 'billing');
const billing = allow('admin', 'billing');

export const notificationsRouter = router({
  inbox: staffOrCustomer.input(inboxListInput).query(({ ctx, input }) => ctx.services.notifications.inbox(ctx.actor, input)),
  markRead: staffOrCustomer.input(z.object({ ids: z.union([z.array(idSchema).max(1000), z.literal('all')]) })).mutation(({ ctx, input }) =>
    ({ marked: ctx.services.notifications.markRead(ctx.actor, input.ids) })),
  /** New messages for this reader as they are posted (the renderer turns them into desktop notifications). */
  live: staffOrCustomer.subscription(({ ctx, signal }) =>
    eventStream<InboxMessage>((push) => ctx.services.store.onChange((events) => {
      for (const e of events) {
        if (e.table !== 'inbox_messages' || e.op !== 'insert') continue;
        const m = ctx.services.notifications.repo.inbox.find(e.id);
        if (m && ctx.services.notifications.visibleTo(ctx.actor, m)) push(m);
      }
    }), signal)),
  announce: office.input(announcementInput).mutation(({ ctx, input }) => ctx.services.notifications.announce({ actor: ctx.actor }, input)),
  announcements: staffProcedure.query(({ ctx }) => ctx.services.notifications.repo.announcementsFor(null, 100)),

  mailQueue: staffProcedure.input(mailListInput).query(({ ctx, input }) => ctx.services.mail.list(input)),
  mailStatus: staffProcedure.query(({ ctx }) => ctx.services.mail.status()),
  retryMail: office.input(z.object({ id: z.number().int().min(1) })).mutation(({ ctx, input }) => ctx.services.mail.retry(input.id)),
  mailSettings: adminProcedure.query(({ ctx }) => ctx.services.mail.settings.view()),
  setMailSettings: adminProcedure.input(mailSettingsInput).mutation(({ ctx, input }) => {
    ctx.services.mail.settings.set(input);
    void ctx.services.mail.processDue();
    return ctx.services.mail.settings.view();
  }),

  requestCancellation: office.input(cancellationInput).mutation(({ ctx, input }) => ctx.services.cancellations.request({ actor: ctx.actor, reason: input.reason }, input)),
  cancellations: staffOrCustomer.input(z.object({ customerId: idSchema })).query(({ ctx, input }) => ctx.services.cancellations.list(scopeOf(ctx.actor, input.customerId)!)),
  withdrawCancellation: office.input(z.object({ id: idSchema })).mutation(({ ctx, input }) => ctx.services.cancellations.withdraw({ actor: ctx.actor }, input.id)),

  overage: billing.input(overageInput).mutation(({ ctx, input }) => {
    const report = ctx.services.notifications.overage(input.month);
    if (input.email) {
      ctx.services.notifications.emailStaff({ actor: ctx.actor }, overageReportMail({ month: report.month, lines: report.lines, checked: report.customersChecked, withoutData: report.withoutData, source: report.source }), 'billing');
    }
    return report;
  }),
});
