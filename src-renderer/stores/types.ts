// The one store's full shape, and the creator type each slice is written against.
import type { StateCreator } from 'zustand';
import type { NocApi } from './api-port';
import type { DeviceSlice } from './device-slice';
import type { InventorySlice } from './inventory-slice';
import type { LiveSlice } from './live-slice';
import type { RackTreeSlice } from './rack-tree-slice';
import type { SessionSlice } from './session-slice';
import type { UiSlice } from './ui-slice';

export type NocState = UiSlice & SessionSlice & InventorySlice & RackTreeSlice & DeviceSlice & LiveSlice;

export interface StoreDeps {
  api: NocApi;
}

export type SliceCreator<T> = StateCreator<NocState, [['zustand/persist', unknown]], [], T>;

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
