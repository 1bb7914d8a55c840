// Next-boot device (IPMI 2.0 §28.12, §28.13): like ipmitool, mark "set in progress" (parameter
// 0 = 1), write the boot flags (parameter 5), then "set complete" (parameter 0 = 0). A BMC that
// does not support the set-in-progress parameter is tolerated.
import { isIpmiError } from '../errors';
import { BootParameter, setSystemBootOptions } from '../commands/chassis/set-system-boot-options';
import { getSystemBootOptions } from '../commands/chassis/get-system-boot-options';
import { decodeBootFlags, encodeBootFlags, type BootDeviceName, type BootFlags } from '../commands/chassis/boot-flags';
import type { CommandRunner } from './runner';

export interface BootDeviceOptions {
  /** all future boots instead of the next one only (default false) */
  persistent?: boolean;
  /** EFI instead of legacy BIOS boot (default false) */
  efi?: boolean;
}

export async function setBootDevice(run: CommandRunner, device: BootDeviceName, opts: BootDeviceOptions = {}): Promise<void> {
  let inProgress = true;
  try {
    await run.call(setSystemBootOptions, { parameter: BootParameter.setInProgress, markInvalid: false, data: Uint8Array.of(1) });
  } catch (e) {
    if (!isIpmiError(e, 'completion-code')) throw e;
    inProgress = false;
  }
  await run.call(setSystemBootOptions, { parameter: BootParameter.bootFlags, markInvalid: false, data: encodeBootFlags({ device, persistent: opts.persistent ?? false, efi: opts.efi ?? false }) });
  if (inProgress) {
    await run.call(setSystemBootOptions, { parameter: BootParameter.setInProgress, markInvalid: false, data: Uint8Array.of(0) }).catch((e: unknown) => {
      if (!isIpmiError(e, 'completion-code')) throw e;
    });
  }
}

export async function getBootFlags(run: CommandRunner): Promise<BootFlags> {
  const r = await run.call(getSystemBootOptions, { parameter: BootParameter.bootFlags, setSelector: 0, blockSelector: 0 });
  return decodeBootFlags(r.data);
}
