// LAN configuration (IPMI 2.0 §23.2): the channel is found with Get Channel Info on 0Eh
// ("this channel", i.e. the LAN channel the session runs on), then parameters 3, 4, 5, 6, 12, 13
// are read. A parameter the BMC does not support (80h) is left out.
import { isIpmiError } from '../errors';
import { getChannelInfo } from '../commands/app/get-channel-info';
import { LanParameter, formatIp, formatMac, getLanConfigParameters } from '../commands/transport/get-lan-config-parameters';
import type { CommandRunner } from './runner';

export interface LanConfig {
  channel: number;
  ipAddress?: string;
  ipAddressSource?: 'unspecified' | 'static' | 'dhcp' | 'bios' | 'other';
  macAddress?: string;
  subnetMask?: string;
  defaultGateway?: string;
  defaultGatewayMac?: string;
}

const SOURCES = ['unspecified', 'static', 'dhcp', 'bios', 'other'] as const;

export async function readLanConfig(run: CommandRunner, channel?: number): Promise<LanConfig> {
  let ch = channel;
  if (ch === undefined) {
    try {
      ch = (await run.call(getChannelInfo, { channel: 0x0e })).channel;
    } catch (e) {
      if (!isIpmiError(e, 'completion-code')) throw e;
      ch = 1; // the usual LAN channel
    }
  }
  const get = async (parameter: number): Promise<Uint8Array | undefined> => {
    try {
      return (await run.call(getLanConfigParameters, { channel: ch, revisionOnly: false, parameter, setSelector: 0, blockSelector: 0 })).data;
    } catch (e) {
      if (isIpmiError(e, 'completion-code')) return undefined;
      throw e;
    }
  };
  const out: LanConfig = { channel: ch };
  const ip = await get(LanParameter.ipAddress);
  if (ip && ip.length >= 4) out.ipAddress = formatIp(ip);
  const src = await get(LanParameter.ipAddressSource);
  if (src && src.length >= 1) out.ipAddressSource = SOURCES[(src[0] as number) & 0x0f] ?? 'other';
  const mac = await get(LanParameter.macAddress);
  if (mac && mac.length >= 6) out.macAddress = formatMac(mac);
  const mask = await get(LanParameter.subnetMask);
  if (mask && mask.length >= 4) out.subnetMask = formatIp(mask);
  const gw = await get(LanParameter.defaultGateway);
  if (gw && gw.length >= 4) out.defaultGateway = formatIp(gw);
  const gwMac = await get(LanParameter.defaultGatewayMac);
  if (gwMac && gwMac.length >= 6) out.defaultGatewayMac = formatMac(gwMac);
  return out;
}
