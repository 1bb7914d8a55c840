// What the stores need from the core, as one small interface. The app passes the tRPC
// client through `apiPortOf`; unit tests pass a fake. Types come from the router (type only).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../src-main/core/router';
import type { DeviceListInput } from '../../shared/schemas/inventory';
import type { ChangeEvent } from '../../shared/types';

type Out = inferRouterOutputs<AppRouter>;

export type DeviceListPage = Out['inventory']['list'];
export type DeviceDetail = NonNullable<Out['inventory']['get']>;
export type DeviceHistory = Out['inventory']['history'];
export type RackTree = Out['racks']['tree'];
export type RackTreeRack = RackTree[number]['rooms'][number]['racks'][number];
export type Elevation = NonNullable<Out['racks']['elevation']>;
export type SystemInfo = Out['system']['info'];
export type StatusCounts = Out['inventory']['counts'];

export interface NocApi {
  listDevices(q: DeviceListInput): Promise<DeviceListPage>;
  countDevices(): Promise<StatusCounts>;
  getDevice(id: string): Promise<DeviceDetail | null>;
  deviceHistory(id: string): Promise<DeviceHistory>;
  rackTree(): Promise<RackTree>;
  elevation(rackId: string): Promise<Elevation | null>;
  systemInfo(): Promise<SystemInfo>;
  /** Batches of changes after each commit; returns the unsubscribe. */
  onChanges(listener: (events: ChangeEvent[]) => void, onError: (err: unknown) => void): () => void;
}

/** Structural type of the tRPC client as far as the port uses it. */
export interface TrpcLike {
  inventory: {
    list: { query(q: DeviceListInput): Promise<DeviceListPage> };
    counts: { query(): Promise<StatusCounts> };
    get: { query(q: { id: string }): Promise<DeviceDetail | null> };
    history: { query(q: { id: string }): Promise<DeviceHistory> };
  };
  racks: {
    tree: { query(): Promise<RackTree> };
    elevation: { query(q: { rackId: string }): Promise<Elevation | null> };
  };
  system: {
    info: { query(): Promise<SystemInfo> };
    changes: { subscribe(input: undefined, opts: { onData: (e: ChangeEvent[]) => void; onError: (err: unknown) => void }): { unsubscribe(): void } };
  };
}

export function apiPortOf(api: TrpcLike): NocApi {
  return {
    listDevices: (q) => api.inventory.list.query(q),
    countDevices: () => api.inventory.counts.query(),
    getDevice: (id) => api.inventory.get.query({ id }),
    deviceHistory: (id) => api.inventory.history.query({ id }),
    rackTree: () => api.racks.tree.query(),
    elevation: (rackId) => api.racks.elevation.query({ rackId }),
    systemInfo: () => api.system.info.query(),
    onChanges: (listener, onError) => {
      const sub = api.system.changes.subscribe(undefined, { onData: listener, onError });
      return () => sub.unsubscribe();
    },
  };
}
