// bmc_configs keeps the repository contract every synced entity keeps.
import type { BmcConfig } from '../../../../shared/bmc-types';
import { deviceInput } from '../../../../shared/schemas/inventory';
import { describeRepositoryContract } from '../../store/repository-contract';
import { actor } from '../../helpers';

describeRepositoryContract<BmcConfig>({
  name: 'bmc_configs',
  repository: (t) => t.core.services.bmc.repo.configs,
  make: (t) => {
    const device = t.core.services.inventory.create({ actor: actor('admin') }, deviceInput.parse({ name: `srv-${Math.floor(Math.random() * 1e6)}`, type: 'server' }));
    return {
      deviceId: device.id, address: '10.0.9.14', port: 623, username: 'admin', privilege: 'administrator', cipherSuites: [17, 3], allowInsecure: false,
      consoleDriver: 'sol', sshTarget: '', pollEnabled: true, pollIntervalS: 60, demo: false,
    };
  },
  change: { address: '10.0.9.15', cipherSuites: [3] },
});
