import type { Command } from 'commander';
import { action, openCore, print, withStoreOptions, type StoreOptions } from './common';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('the demo lab (two sites, 24 racks, ~700 devices)');
  withStoreOptions(demo.command('load').description('load the demo lab into this store')).action(action(async (opts: StoreOptions) => {
    const core = openCore(opts);
    try {
      const r = core.services.demo.load();
      print(opts, r, () => (r.devices === 0 ? 'The demo lab is already loaded.' : `Loaded ${r.sites} sites, ${r.racks} racks, ${r.devices} devices.`));
    } finally {
      core.close();
    }
  }));
  withStoreOptions(demo.command('remove').description('remove every demo object')).action(action(async (opts: StoreOptions) => {
    const core = openCore(opts);
    try {
      const r = core.services.demo.remove();
      print(opts, r, () => `Removed ${r.removed} demo objects.`);
    } finally {
      core.close();
    }
  }));
}
