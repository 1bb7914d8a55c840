// The tests of features that need a real peer (PostgreSQL, snmpd, snmpsim, ipmi_sim, ipmitool,
// sshd, fping, chromium) skip, saying why, on a machine without it. In CI that would let a
// missing install step pass silently with those features unproven, so there (`.ci/run` sets
// NOC_REQUIRE_PEERS=1) this test fails and names every peer that is missing.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ipmiSimAvailable, ipmiSimMissingReason, ipmitoolAvailable } from '../peers/ipmi-sim';
import { postgresMissing } from '../peers/postgres';
import { snmpdMissing } from '../peers/snmpd';
import { snmpsimMissing } from '../peers/snmpsim';
import { sshdAvailable, sshdMissingReason } from './domains/console/sshd';

const onPath = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

function missingPeers(): string[] {
  const gaps: Array<string | null> = [
    postgresMissing(),
    snmpdMissing(),
    snmpsimMissing(),
    ipmiSimAvailable ? null : ipmiSimMissingReason,
    ipmitoolAvailable ? null : 'ipmitool is not installed (apt-get install ipmitool)',
    sshdAvailable ? null : sshdMissingReason,
    onPath('fping') ? null : 'fping is not installed (apt-get install fping)',
    existsSync('/usr/bin/chromium') ? null : 'chromium is not installed (apt-get install chromium): the end-to-end tests need it',
  ];
  return gaps.filter((g): g is string => g !== null);
}

describe('real peers', () => {
  it.runIf(process.env.NOC_REQUIRE_PEERS === '1')('every peer the tests need is installed (CI)', () => {
    expect(missingPeers()).toEqual([]);
  });
});
