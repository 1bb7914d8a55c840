// createCore(): the whole application under plain Node — store, domains, router.
// Both hosts (Electron main, headless server) and the CLI compose this and nothing else.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../shared/types';
import { openStore, type OpenOptions } from '../store/db';
import { Store } from '../store/repository';
import { RackRepository } from '../domains/racks/repository';
import { RackService } from '../domains/racks/service';
import { DeviceRepository } from '../domains/inventory/repository';
import { InventoryService } from '../domains/inventory/service';
import { SearchService } from '../domains/search/service';
import { DemoService } from '../domains/demo/service';
import { AuthService } from '../domains/auth/service';
import { IpamService } from '../domains/ipam/service';
import { ipamDemo } from '../domains/ipam/demo';
import { createBusinessServices } from '../domains/customers/business';
import { businessDemo } from '../domains/customers/demo';
import { registerPortCheck, useMonitoringUsage, wireAlarms, wirePortBandwidth } from '../domains/notifications/alarm-hooks';
import { SyncService, type SyncServiceOptions } from '../domains/sync/service';
import { wireSync } from '../domains/sync/wiring';
import { createWalks } from '../domains/walks/wiring';
import { createMonitoring, type MonitoringConfig } from '../pollers/wiring';
import { createBmc, type IpmiConfig } from '../domains/bmc/wiring';
import type { SecretSealer } from './secrets';
import { adoptLocalSecrets } from './shared-secrets';
import { systemClock, type Clock } from './clock';
import { appRouter } from './router';
import type { Services } from './services';
import type { Context } from './trpc';

export interface CoreConfig {
  /** Folder of the local store; the file is noc.sqlite inside it. */
  dataDir?: string;
  /** Or the store file itself (':memory:' for tests and benchmarks). */
  dbFile?: string;
  clock?: Clock;
  /** Shared secret that wall displays may log in with (headless host beyond loopback). */
  token?: string | null;
  onMigrate?: OpenOptions['onMigrate'];
  /** Shared mode: the PostgreSQL URL (with the person's login) to sync with (issue 6). */
  pg?: string | null;
  /** Tuning of the sync engine (its timers' clock, backoff, batch sizes): tests and benchmarks. */
  sync?: Omit<SyncServiceOptions, 'pg'>;
  /** Monitoring (issue 3): the pollers run only when enabled (headless host, desktop app); tests keep it off. */
  monitoring?: MonitoringConfig;
  /** IPMI (issue 4): power/sensor polling (runs when monitoring does), session tuning, consoles. */
  ipmi?: IpmiConfig;
  /** The desktop host's safeStorage: BMC credentials sealed with the OS keychain (issue 4 part 7). */
  secretSealer?: SecretSealer | null;
}

export interface Core {
  services: Services;
  router: typeof appRouter;
  file: string;
  createContext(actor: Actor | null): Context;
  close(): void;
  /** Stops sync and pollers, ends consoles and closes BMC sessions (at most ~2 s), then close(). */
  shutdown(): Promise<void>;
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? join(process.env.HOME ?? '.', '.local', 'share');
  return join(base, 'aedify-noc');
}

export function storeFile(config: CoreConfig): string {
  return config.dbFile ?? join(config.dataDir ?? defaultDataDir(), 'noc.sqlite');
}

export function createCore(config: CoreConfig = {}): Core {
  const clock = config.clock ?? systemClock;
  const file = storeFile(config);
  const db = openStore(file, { onMigrate: config.onMigrate });
  const store = new Store(db, clock, nodeIdOf(db));

  const rackRepo = new RackRepository(store);
  const devices = new DeviceRepository(store);
  const inventory = new InventoryService(devices, rackRepo);
  const racks = new RackService(rackRepo, devices);
  const business = createBusinessServices(store, clock, inventory, file);
  // Pollers poll only the devices whose shard this client holds (shared mode; always true standalone).
  let ownsDevice: (deviceId: string) => boolean = () => true;
  const monitoringConfig = config.monitoring && { ...config.monitoring, owns: config.monitoring.owns ?? ((id: string) => ownsDevice(id)) };
  const monitoring = createMonitoring(store, clock, inventory, file, monitoringConfig);
  const bmc = createBmc({ store, clock, inventory, alarms: monitoring.services.alarms, staging: business.services.staging, secrets: monitoring.services.secrets }, file, { ipmi: config.ipmi, monitoringEnabled: config.monitoring?.enabled, sealer: config.secretSealer });
  adoptLocalSecrets(store, monitoring.services.secrets); // BMC and root passwords of before move to shared_secrets (issue 6)
  const services: Services = {
    clock,
    store,
    inventory,
    racks,
    search: new SearchService(store),
    demo: new DemoService(store, racks, inventory),
    auth: new AuthService(store, clock, config.token ?? null),
    ipam: new IpamService(store, devices, clock),
    ...business.services,
    ...monitoring.services,
    ...bmc.services,
    sync: new SyncService(store, () => services, clock, { ...config.sync, pg: config.pg }),
    walks: createWalks(store, rackRepo, devices, clock, business.services.tickets),
  };

  ownsDevice = (id) => services.sync.ownsDevice(id);
  services.ipmiPoller.setOwnership((id) => ownsDevice(id)); // one client polls each BMC (issue 6)
  const disposers: Array<() => void> = [];
  services.demo.extend(businessDemo(business.services));
  // after the business demo, so the IPAM demo links addresses to its customers and rentals
  services.demo.extend(ipamDemo(services.ipam));
  disposers.push(() => business.dispose());
  disposers.push(wireAlarms(business.services, services.alarms));
  disposers.push(registerPortCheck(business.services, services.monitoring, services.alarms));
  disposers.push(wirePortBandwidth(business.services, services.alarms, services.monitoring, services.pollers));
  useMonitoringUsage(business.services, services.monitoring, services.metrics);
  disposers.push(wireSync(services));
  monitoring.shareLive(services.sync); // poll results between the clients of a shared database (issue 6)
  disposers.push(() => monitoring.dispose());
  monitoring.start();
  disposers.push(() => bmc.dispose());
  bmc.start();
  return {
    services,
    router: appRouter,
    file,
    createContext: (actor) => ({ services, actor }),
    close() {
      for (const d of disposers.splice(0).reverse()) d();
      db.close();
    },
    async shutdown() {
      // Hosts await this before exiting: a BMC left with an open session or an active SOL
      // payload refuses the next console. Bounded in real time so a dead BMC never holds the exit.
      const graceful = (async () => {
        await services.sync.stop().catch(() => undefined);
        await Promise.allSettled([services.pollers.stop(), bmc.shutdown()]);
      })();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([graceful, new Promise<void>((done) => { timer = setTimeout(done, SHUTDOWN_MS); })]);
      clearTimeout(timer);
      this.close();
    },
  };
}

const SHUTDOWN_MS = 2_000;

/** This store's node id for the hybrid logical clock, made once and kept. */
function nodeIdOf(db: Database): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'node_id'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const id = randomBytes(6).toString('hex');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('node_id', ?)`).run(id);
  return id;
}

/** The person at this machine: the desktop app and loopback clients act as them. */
export function localActor(): Actor {
  const name = process.env.USER ?? process.env.USERNAME ?? 'operator';
  return { id: `os:${name}`, name, role: 'admin' };
}
