// IPAM procedures: staff read, editors (admin, technician, provisioning) write.
import { z } from 'zod';
import type { ImportProgress } from '../../../shared/ipam-types';
import type { Actor } from '../../../shared/types';
import { idSchema } from '../../../shared/schemas/common';
import {
  addressAddInput, addressUpdateInput, allocateAddressInput, allocatePrefixInput, arinInput, assignInput, exportInput, findInput,
  ipamSearchInput, mapInput, mergeInput, nextFreeInput, prefixCreateInput, prefixUpdateInput, rangeInput, releaseInput,
  removeInput, reserveInput, splitInput, treeInput, vlanInput, vlanPrefixesInput, vlanUpdateInput,
} from '../../../shared/schemas/ipam';
import { importCancelInput, importRunInput, importUploadInput } from '../../../shared/schemas/ipam';
import { eventStream } from '../../core/events';
import { editorProcedure, router, staffProcedure } from '../../core/trpc';
import type { WriteContext } from '../../store/repository';
import { arinCsv } from './arin';

const ctxOf = (actor: Actor, reason?: string): WriteContext => ({ actor, reason });

export const ipamRouter = router({
  tree: staffProcedure.input(treeInput).query(({ ctx, input }) => ctx.services.ipam.lookup.tree(input.parentId, input.offset, input.limit)),
  prefix: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.ipam.lookup.prefixDetail(input.id)),
  map: staffProcedure.input(mapInput).query(({ ctx, input }) => ctx.services.ipam.lookup.map(input.vrf, input.address)),
  find: staffProcedure.input(findInput).query(({ ctx, input }) => ctx.services.ipam.lookup.find(input.vrf, input.address)),
  search: staffProcedure.input(ipamSearchInput).query(({ ctx, input }) => ctx.services.ipam.lookup.search(input.q, input.limit)),
  nextFree: staffProcedure.input(nextFreeInput).query(({ ctx, input }) => ctx.services.ipam.nextFree(input)),
  arinReport: staffProcedure.input(arinInput).query(({ ctx, input }) => ctx.services.ipam.arinReport(input.block, input.vrf)),
  arinCsv: staffProcedure.input(arinInput).query(({ ctx, input }) => arinCsv(ctx.services.ipam.arinReport(input.block, input.vrf))),
  vlans: staffProcedure.query(({ ctx }) => ctx.services.ipam.lookup.vlans()),
  vlanPrefixes: staffProcedure.input(vlanPrefixesInput).query(({ ctx, input }) => ctx.services.ipam.lookup.vlanPrefixes(input.id, input.limit)),
  ranges: staffProcedure.query(({ ctx }) => ctx.services.ipam.repo.allRanges()),
  address: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.ipam.repo.addresses.find(input.id)),
  range: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.ipam.repo.ranges.find(input.id)),
  addressHistory: staffProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => ctx.services.ipam.repo.addresses.history(input.id)),

  createPrefix: editorProcedure.input(prefixCreateInput).mutation(({ ctx, input }) => ctx.services.ipam.createPrefix(ctxOf(ctx.actor), input)),
  updatePrefix: editorProcedure.input(prefixUpdateInput).mutation(({ ctx, input }) => ctx.services.ipam.tree.update(ctxOf(ctx.actor, input.reason), input.id, input.patch)),
  removePrefix: editorProcedure.input(removeInput).mutation(({ ctx, input }) => ctx.services.ipam.tree.remove(ctxOf(ctx.actor, input.reason), input.id)),
  split: editorProcedure.input(splitInput).mutation(({ ctx, input }) => ctx.services.ipam.tree.split(ctxOf(ctx.actor), input.id, input.length, input.keepParent)),
  merge: editorProcedure.input(mergeInput).mutation(({ ctx, input }) => ctx.services.ipam.tree.merge(ctxOf(ctx.actor), input.ids)),

  addAddresses: editorProcedure.input(addressAddInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.add(ctxOf(ctx.actor), input)),
  assign: editorProcedure.input(assignInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.assign(ctxOf(ctx.actor, input.justification || undefined), input)),
  reserve: editorProcedure.input(reserveInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.reserve(ctxOf(ctx.actor, input.justification || undefined), input)),
  release: editorProcedure.input(releaseInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.release(ctxOf(ctx.actor, input.reason), input.id)),
  updateAddress: editorProcedure.input(addressUpdateInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.update(ctxOf(ctx.actor, input.reason), input)),
  removeAddress: editorProcedure.input(removeInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.remove(ctxOf(ctx.actor, input.reason), input.id)),
  allocateAddress: editorProcedure.input(allocateAddressInput).mutation(({ ctx, input }) => ctx.services.ipam.addresses.allocate(ctxOf(ctx.actor, input.justification || undefined), input)),
  allocatePrefix: editorProcedure.input(allocatePrefixInput).mutation(({ ctx, input }) => ctx.services.ipam.allocatePrefix(ctxOf(ctx.actor, input.justification || undefined), input)),

  createVlan: editorProcedure.input(vlanInput).mutation(({ ctx, input }) => ctx.services.ipam.createVlan(ctxOf(ctx.actor), input)),
  updateVlan: editorProcedure.input(vlanUpdateInput).mutation(({ ctx, input }) => ctx.services.ipam.updateVlan(ctxOf(ctx.actor), input)),
  removeVlan: editorProcedure.input(removeInput).mutation(({ ctx, input }) => ctx.services.ipam.removeVlan(ctxOf(ctx.actor, input.reason), input.id)),
  createRange: editorProcedure.input(rangeInput).mutation(({ ctx, input }) => ctx.services.ipam.createRange(ctxOf(ctx.actor), input)),
  removeRange: editorProcedure.input(removeInput).mutation(({ ctx, input }) => ctx.services.ipam.removeRange(ctxOf(ctx.actor, input.reason), input.id)),

  /**
   * Dry run (default) or apply; all or nothing, in a worker thread (one import at a time).
   * The CSV is the text itself or a complete upload (importUpload). Progress: importProgress.
   */
  import: editorProcedure.input(importRunInput).mutation(async ({ ctx, input }) => {
    const { transfer } = ctx.services.ipam;
    const text = input.uploadId !== undefined ? transfer.uploads.text(ctx.actor.id, input.uploadId) : input.text!;
    const report = await transfer.runner.run({ actor: ctx.actor }, { format: input.format, text, dryRun: input.dryRun, vrf: input.vrf }, input.jobId);
    if (!report.dryRun && input.uploadId !== undefined) transfer.uploads.discard(ctx.actor.id, input.uploadId);
    return report;
  }),
  /** One chunk of a file for import (a WebSocket message is at most 1 MiB). */
  importUpload: editorProcedure.input(importUploadInput).mutation(({ ctx, input }) => ctx.services.ipam.transfer.uploads.put(ctx.actor.id, input)),
  /** Stops a running import (rolled back: nothing of it stays) and drops its upload. */
  importCancel: editorProcedure.input(importCancelInput).mutation(({ ctx, input }) => {
    const { transfer } = ctx.services.ipam;
    const dropped = input.uploadId !== undefined && transfer.uploads.discard(ctx.actor.id, input.uploadId);
    const job = input.jobId !== undefined ? transfer.runner.cancel(input.jobId) : { cancelled: false, message: '' };
    return { ...job, dropped };
  }),
  importProgress: editorProcedure.input(z.object({ jobId: z.string().min(1).max(64) })).subscription(({ ctx, input, signal }) =>
    eventStream<ImportProgress>((push) => ctx.services.ipam.transfer.onProgress(input.jobId, push), signal)),
  export: staffProcedure.input(exportInput).query(({ ctx, input }) => ctx.services.ipam.transfer.exportCsv(input.format, input.vrf)),
});
