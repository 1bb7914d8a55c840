// Sites → rooms → racks with their usage, and the rack whose elevation is shown.
import type { Elevation, RackTree } from './api-port';
import { messageOf, type SliceCreator, type StoreDeps } from './types';

export interface RackTreeData {
  tree: RackTree | null;
  treeError: string | null;
  /** Collapsed site and room ids (everything is open by default). */
  collapsed: Record<string, true>;
  selectedRackId: string | null;
  elevation: Elevation | null;
  elevationLoading: boolean;
  elevationError: string | null;
}

export interface RackTreeSlice {
  racks: RackTreeData;
  loadRackTree(): Promise<void>;
  toggleTreeNode(id: string): void;
  selectRack(rackId: string | null): Promise<void>;
  /** Shows a rack's elevation in the racks view. */
  showRack(rackId: string): void;
  refreshRacks(): Promise<void>;
}

export const initialRackTree = (): RackTreeData => ({
  tree: null,
  treeError: null,
  collapsed: {},
  selectedRackId: null,
  elevation: null,
  elevationLoading: false,
  elevationError: null,
});

export const createRackTreeSlice = (deps: StoreDeps): SliceCreator<RackTreeSlice> => (set, get) => {
  const patch = (p: Partial<RackTreeData>) => set((s) => ({ racks: { ...s.racks, ...p } }));

  async function loadElevation(rackId: string, quiet: boolean): Promise<void> {
    if (!quiet) patch({ elevationLoading: true, elevationError: null });
    try {
      const elevation = await deps.api.elevation(rackId);
      if (get().racks.selectedRackId !== rackId) return; // another rack was chosen meanwhile
      patch({ elevation, elevationLoading: false, elevationError: elevation ? null : 'This rack no longer exists (it may have been deleted).' });
    } catch (err) {
      if (get().racks.selectedRackId === rackId) patch({ elevationLoading: false, elevationError: messageOf(err) });
    }
  }

  return {
    racks: initialRackTree(),
    loadRackTree: async () => {
      try {
        patch({ tree: await deps.api.rackTree(), treeError: null });
      } catch (err) {
        patch({ treeError: messageOf(err) });
      }
    },
    toggleTreeNode: (id) => {
      const collapsed = { ...get().racks.collapsed };
      if (collapsed[id]) delete collapsed[id];
      else collapsed[id] = true;
      patch({ collapsed });
    },
    selectRack: async (rackId) => {
      const same = get().racks.selectedRackId === rackId;
      patch({ selectedRackId: rackId, ...(same ? {} : { elevation: null }) });
      if (rackId) await loadElevation(rackId, false);
    },
    showRack: (rackId) => {
      get().setView('racks');
      void get().selectRack(rackId);
    },
    refreshRacks: async () => {
      const rackId = get().racks.selectedRackId;
      await Promise.all([get().loadRackTree(), rackId ? loadElevation(rackId, true) : Promise.resolve()]);
    },
  };
};
