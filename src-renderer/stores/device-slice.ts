// The device drawer: which device is open, its details and its audit history.
import type { DeviceDetail, DeviceHistory } from './api-port';
import { messageOf, type SliceCreator, type StoreDeps } from './types';

export interface DeviceData {
  /** The device open in the drawer; null when the drawer is closed. */
  id: string | null;
  detail: DeviceDetail | null;
  history: DeviceHistory;
  loading: boolean;
  error: string | null;
}

export interface DeviceSlice {
  device: DeviceData;
  openDevice(id: string): void;
  closeDevice(): void;
  refreshDevice(): Promise<void>;
}

export const initialDevice = (): DeviceData => ({ id: null, detail: null, history: [], loading: false, error: null });

export const createDeviceSlice = (deps: StoreDeps): SliceCreator<DeviceSlice> => (set, get) => {
  const patch = (p: Partial<DeviceData>) => set((s) => ({ device: { ...s.device, ...p } }));

  async function load(id: string): Promise<void> {
    try {
      const [detail, history] = await Promise.all([deps.api.getDevice(id), deps.api.deviceHistory(id)]);
      if (get().device.id !== id) return; // another device was opened meanwhile
      patch({ detail, history, loading: false, error: detail ? null : 'This device no longer exists (it may have been deleted).' });
    } catch (err) {
      if (get().device.id === id) patch({ loading: false, error: messageOf(err) });
    }
  }

  return {
    device: initialDevice(),
    openDevice: (id) => {
      if (get().device.id === id) return;
      set({ device: { ...initialDevice(), id, loading: true } });
      void load(id);
    },
    closeDevice: () => set({ device: initialDevice() }),
    refreshDevice: async () => {
      const id = get().device.id;
      if (id) await load(id);
    },
  };
};
