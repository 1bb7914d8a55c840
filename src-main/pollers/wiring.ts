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
  return {
    services,
    /** Starts the pollers when enabled; problems (a busy trap port) are reported, not thrown. */
    start(): void {
      if (!config.enabled) return;
      pollers.start().catch((err: unknown) => config.onError?.(`monitoring did not start: ${err instanceof Error ? err.message : String(err)}`));
    },
    /** Synchronous part of shutting down: nothing writes after this; sockets close right after. */
    dispose(): void {
      void pollers.stop();
      metrics.close();
    },
  };
}
