// Wires the sync into a core: the conflict resolvers of the domains that have rules for
// their guarded fields, and the automatic start of a store that is already in shared mode.
import type { Services } from '../../core/services';

export function wireSync(services: Services): () => void {
  const { sync, inventory } = services;
  // Devices: a chosen rack position goes through the placement rules, a chosen status
  // through the lifecycle (and every guard other domains added to it).
  sync.registerResolver('devices', (ctx, id, patch) => {
    const { status, ...rest } = patch;
    if (Object.keys(rest).length > 0) inventory.update(ctx, { id, patch: rest as never });
    if (typeof status === 'string') inventory.setStatus(ctx, id, status as never);
  });
  // a delete/edit conflict resolved as "keep it deleted": the lifecycle's own delete rules
  sync.registerRemover('devices', (ctx, id) => inventory.remove(ctx, id));
  sync.autoStart();
  // close() is synchronous: the engine's connections end in the background
  return () => {
    sync.stop().catch(() => undefined);
  };
}
