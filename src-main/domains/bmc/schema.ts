// Table spec of the BMC configuration (migration 0008). No secret lives in this row: the
// password and Kg are sealed in shared_secrets (see secrets.ts), with the team key in shared mode.
import type { BmcConfig } from '../../../shared/bmc-types';
import type { TableSpec } from '../../store/repository';

export const bmcTable: TableSpec<BmcConfig> = {
  table: 'bmc_configs',
  kind: 'bmc',
  fields: {
    deviceId: 'device_id', address: 'address', port: 'port', username: 'username', privilege: 'privilege',
    cipherSuites: { col: 'cipher_suites', kind: 'json' }, allowInsecure: { col: 'allow_insecure', kind: 'bool' },
    consoleDriver: 'console_driver', sshTarget: 'ssh_target', pollEnabled: { col: 'poll_enabled', kind: 'bool' },
    pollIntervalS: 'poll_interval_s', demo: { col: 'demo', kind: 'bool' },
  },
};
