// Monitoring's part of createCore: the secret box, the monitoring domain, the alarm service,
// the time series, the pollers and the wall feed. The pollers start only when monitoring is
// enabled (the headless host and the desktop app enable it; unit tests keep it off).
import { dirname } from 'node:path';
import { AlarmService } from '../alarms/service';
import type { Clock } from '../core/clock';
import { openSecretBox, type SecretBox } from '../core/secrets';
import type { InventoryService } from '../domains/inventory/service';
import { MonitoringRepository } from '../domains/monitoring/repository';
import { MonitoringService } from '../domains/monitoring/service';
import { metricsFile } from '../metrics/db';
import { MetricsService } from '../metrics/service';
import type { Store } from '../store/repository';
import type { SyncService } from '../domains/sync/service';
import { LiveShare, PgLiveSender } from './live-share';
import { Monitor, type MonitoringConfig } from './runtime';
import { WallFeed } from './wall';

export type { MonitoringConfig };

export interface MonitoringServices {
  secrets: SecretBox;
  monitoring: MonitoringService;
  alarms: AlarmService;
  metrics: MetricsService;
  pollers: Monitor;
  wall: WallFeed;
}

export function createMonitoring(store: Store, clock: Clock, inventory: InventoryService, storeFile: string, config: MonitoringConfig = { enabled: false }) {
  const secrets = openSecretBox(storeFile === ':memory:' ? null : dirname(storeFile));
  const monitoring = new MonitoringService(new MonitoringRepository(store), inventory, secrets);
  const alarms = new AlarmService(store, clock);
  const metrics = new MetricsService(metricsFile(storeFile), clock);
  const pollers = new Monitor({ store, clock, monitoring, alarms, metrics }, config);
  const wall = new WallFeed({ store, clock, alarms, monitor: pollers, monitoring });
  const services: MonitoringServices = { secrets, monitoring, alarms, metrics, pollers, wall };
  let share: LiveShare | null = null;
  return {
    services,
    /** Starts the pollers when enabled; problems (a busy trap port) are reported, not thrown. */
    start(): void {
      if (!config.enabled) return;
      pollers.start().catch((err: unknown) => config.onError?.(`monitoring did not start: ${err instanceof Error ? err.message : String(err)}`));
    },
    /** Shared mode (issue 6): this client's poll results to the other clients, and theirs into its LiveBook and metrics. */
    shareLive(sync: SyncService): void {
      if (share) return;
      // the client that polls a device decides its alarms; the others follow the synced rows (alarms/engine.ts I9)
      alarms.setOwnership((id) => sync.mode() === 'standalone' || (sync.currentLeadership() !== null && sync.ownsDevice(id)));
      const sender = new PgLiveSender(() => {
        const e = sync.currentEngine();
        return e?.connection() ? { url: e.url, from: e.clientId() } : null;
      });
      share = new LiveShare({
        book: pollers.live, metrics, clock, onError: config.onError,
        channel: {
          publishLive: (kind, data) => sender.publishLive(kind, data),
          onLive: (fn) => sync.onLive(fn),
          online: () => sender.online(),
          polls: (id) => sync.currentLeadership()?.ownsDevice(id) ?? false,
          close: () => sender.close(),
        },
        summary: (id) => alarms.engine.deviceSummary(id),
        onSummaryChange: (fn) => alarms.engine.onEvents((events) => {
          for (const e of events) {
            const id = e.type === 'state' ? e.subject.deviceId : e.type === 'alarm' ? e.alarm.deviceId : null;
            if (id) fn(id);
          }
        }),
      });
    },
    /** Synchronous part of shutting down: nothing writes after this; sockets close right after. */
    dispose(): void {
      void share?.stop();
      void pollers.stop();
      metrics.close();
    },
  };
}
