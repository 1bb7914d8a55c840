// Shared by the IPAM suites: a core over a real SQLite file, and short ways to add things
// through the same service calls the router makes (validated by the same zod schemas).
import { afterEach, beforeEach } from 'vitest';
import { addressAddInput, assignInput, prefixCreateInput, rangeInput, vlanInput, type AddressAddInput, type AssignInput, type PrefixCreateInput, type RangeInput, type VlanInput } from '../../../../shared/schemas/ipam';
import { deviceInput } from '../../../../shared/schemas/inventory';
import type { IpPrefix } from '../../../../shared/ipam-types';
import { actor, makeCore, type TestCore } from '../../helpers';

export const ctx = { actor: actor('provisioning', 'pat') };

export interface IpamTest {
  t: TestCore;
  ipam: TestCore['core']['services']['ipam'];
  prefix(text: string, extra?: Partial<PrefixCreateInput>): IpPrefix;
  add(input: AddressAddInput): ReturnType<TestCore['core']['services']['ipam']['addresses']['add']>;
  assign(input: AssignInput): ReturnType<TestCore['core']['services']['ipam']['addresses']['assign']>;
  range(input: RangeInput): ReturnType<TestCore['core']['services']['ipam']['createRange']>;
  vlan(input: VlanInput): ReturnType<TestCore['core']['services']['ipam']['createVlan']>;
  server(name: string): string;
  /** Prefix by text → its row now (parents change as the tree grows). */
  get(text: string, vrf?: string): IpPrefix;
}

export function useIpam(): () => IpamTest {
  let current: IpamTest | null = null;
  beforeEach(() => {
    const t = makeCore();
    const ipam = t.core.services.ipam;
    current = {
      t, ipam,
      prefix: (text, extra = {}) => ipam.createPrefix(ctx, prefixCreateInput.parse({ prefix: text, ...extra })),
      add: (input) => ipam.addresses.add(ctx, addressAddInput.parse(input)),
      assign: (input) => ipam.addresses.assign(ctx, assignInput.parse(input)),
      range: (input) => ipam.createRange(ctx, rangeInput.parse(input)),
      vlan: (input) => ipam.createVlan(ctx, vlanInput.parse(input)),
      server: (name) => t.core.services.inventory.create(ctx, deviceInput.parse({ name, type: 'server' })).id,
      get: (text, vrf = '') => ipam.prefix(text, vrf),
    };
  });
  afterEach(() => {
    current?.t.close();
    current = null;
  });
  return () => current!;
}
