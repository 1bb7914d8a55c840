// Issue 4's part of createCore: BMC configuration and secrets, the shared IPMI session manager,
// polling of power/sensors/SEL into the alarm engine, the console service with its logs, and
// the staging QA checks. The poller runs when enabled (as the monitoring pollers do).
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AlarmService } from '../../alarms/service';
import type { Clock } from '../../core/clock';
import { sealerBox, type SecretBox, type SecretSealer } from '../../core/secrets';
import { IpmiPoller, type IpmiPollerConfig } from '../../pollers/ipmi-poller';
import type { ManagerOptions } from '../../protocols/ipmi/index';
import type { Store } from '../../store/repository';
import type { InventoryService } from '../inventory/service';
import type { StagingService } from '../staging/service';
import { ConsoleLogs, type ConsoleLogRetention } from '../console/log';
import { ConsoleService, type ConsoleOptions } from '../console/service';
import { BmcPoll } from './poll';
import { BmcRepository } from './repository';
import { BmcSecrets } from './secrets';
import { BmcService } from './service';
import { registerBmcChecks } from './staging-checks';

export interface IpmiConfig extends Partial<IpmiPollerConfig> {
  /** IPMI session tuning (timeouts, retries; the protocol's clock is real time unless given) */
  session?: ManagerOptions;
  console?: ConsoleOptions;
  /** where console logs go (default: console-logs/ beside the store file) */
  logsDir?: string;
  /** how long and how much console logs are kept (default 90 days, 2 GiB) */
  logRetention?: ConsoleLogRetention;
}

export interface BmcServices {
  bmc: BmcService;
  consoles: ConsoleService;
  ipmiPoller: IpmiPoller;
}

export function createBmc(
  d: { store: Store; clock: Clock; inventory: InventoryService; alarms: AlarmService; staging: StagingService; secrets: SecretBox },
  storeFile: string,
  config: { ipmi?: IpmiConfig; monitoringEnabled?: boolean; sealer?: SecretSealer | null } = {},
) {
  const ipmi = config.ipmi ?? {};
  const repo = new BmcRepository(d.store);
  const secrets = new BmcSecrets(d.store, sealerBox(config.sealer, d.secrets));
  const bmc = new BmcService(repo, secrets, d.inventory, d.clock, { ipmi: ipmi.session });
  const poll = new BmcPoll(bmc, d.alarms);
  bmc.pollNow = async (deviceId) => void (await poll.poll(deviceId));
  const enabled = ipmi.enabled ?? config.monitoringEnabled ?? false;
  const ipmiPoller = new IpmiPoller({ store: d.store, clock: d.clock, bmc, poll: (id) => poll.poll(id) }, { ...ipmi, enabled });
  const logsDir = ipmi.logsDir ?? (storeFile === ':memory:' ? join(tmpdir(), `noc-console-logs-${process.pid}`) : join(dirname(storeFile), 'console-logs'));
  const consoles = new ConsoleService({ store: d.store, clock: d.clock, bmc, logs: new ConsoleLogs(d.store, logsDir, d.clock, ipmi.logRetention) }, ipmi.console);
  const offChecks = registerBmcChecks(d.staging.checks, bmc);
  const services: BmcServices = { bmc, consoles, ipmiPoller };
  return {
    services,
    start(): void {
      if (enabled) ipmiPoller.start();
    },
    /** The awaited part of shutting down, before dispose(): polling stops, every console ends
     *  (SOL deactivated, log closed) and every BMC session gets its Close Session. */
    async shutdown(): Promise<void> {
      await ipmiPoller.stop();
      await consoles.closeAll();
      await bmc.close();
    },
    /** Synchronous part of shutting down: logs are closed and nothing writes after this. */
    dispose(): void {
      offChecks();
      poll.dispose();
      void ipmiPoller.stop();
      void consoles.closeAll().finally(() => bmc.close());
    },
  };
}
