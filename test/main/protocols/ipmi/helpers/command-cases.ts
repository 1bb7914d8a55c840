// Sample requests and responses for every command codec (used by the round-trip tests and as
// the fuzz corpus); byte layouts quoted from the spec tables where given.
import type { IpmiCommand } from '../../../../../src-main/protocols/ipmi/commands/command';
import { activatePayload, solActivationAux } from '../../../../../src-main/protocols/ipmi/commands/app/activate-payload';
import { closeSession } from '../../../../../src-main/protocols/ipmi/commands/app/close-session';
import { deactivatePayload } from '../../../../../src-main/protocols/ipmi/commands/app/deactivate-payload';
import { getChannelAuthCapabilities } from '../../../../../src-main/protocols/ipmi/commands/app/get-channel-auth-capabilities';
import { getChannelCipherSuites } from '../../../../../src-main/protocols/ipmi/commands/app/get-channel-cipher-suites';
import { getChannelInfo } from '../../../../../src-main/protocols/ipmi/commands/app/get-channel-info';
import { getDeviceId } from '../../../../../src-main/protocols/ipmi/commands/app/get-device-id';
import { getPayloadActivationStatus } from '../../../../../src-main/protocols/ipmi/commands/app/get-payload-activation-status';
import { setSessionPrivilegeLevel } from '../../../../../src-main/protocols/ipmi/commands/app/set-session-privilege-level';
import { encodeBootFlags } from '../../../../../src-main/protocols/ipmi/commands/chassis/boot-flags';
import { chassisControl } from '../../../../../src-main/protocols/ipmi/commands/chassis/chassis-control';
import { getChassisStatus } from '../../../../../src-main/protocols/ipmi/commands/chassis/get-chassis-status';
import { getSystemBootOptions } from '../../../../../src-main/protocols/ipmi/commands/chassis/get-system-boot-options';
import { setSystemBootOptions } from '../../../../../src-main/protocols/ipmi/commands/chassis/set-system-boot-options';
import { getSensorReading } from '../../../../../src-main/protocols/ipmi/commands/sensor/get-sensor-reading';
import { clearSel } from '../../../../../src-main/protocols/ipmi/commands/storage/clear-sel';
import { getSdr } from '../../../../../src-main/protocols/ipmi/commands/storage/get-sdr';
import { getSelEntry } from '../../../../../src-main/protocols/ipmi/commands/storage/get-sel-entry';
import { getSelInfo } from '../../../../../src-main/protocols/ipmi/commands/storage/get-sel-info';
import { reserveSdrRepository } from '../../../../../src-main/protocols/ipmi/commands/storage/reserve-sdr-repository';
import { reserveSel } from '../../../../../src-main/protocols/ipmi/commands/storage/reserve-sel';
import { getSdrRepositoryInfo } from '../../../../../src-main/protocols/ipmi/commands/storage/sdr-repository-info';
import { getLanConfigParameters } from '../../../../../src-main/protocols/ipmi/commands/transport/get-lan-config-parameters';

// Each case: a command, a request, a response (undefined = no data), and optionally the spec's
// byte layout of the response.
export interface Case { c: IpmiCommand<unknown, unknown>; req: unknown; res: unknown; resHex?: string; reqHex?: string }
const cmd = <Q, R>(c: IpmiCommand<Q, R>, req: Q, res: R, hex: { req?: string; res?: string } = {}): Case => ({ c: c as IpmiCommand<unknown, unknown>, req, res, ...(hex.req ? { reqHex: hex.req } : {}), ...(hex.res ? { resHex: hex.res } : {}) });

export const CASES: Case[] = [
  cmd(getDeviceId, undefined, { deviceId: 0x20, deviceRevision: 3, providesDeviceSdrs: true, firmwareMajor: 9, firmwareMinor: 8, updateInProgress: false, ipmiVersion: '2.0', ipmiVersionByte: 0x02, additionalSupport: 0x9f, manufacturerId: 0x1291, productId: 0x0f02, auxFirmwareRevision: Uint8Array.of(1, 2, 3, 4) },
    // §20.1: device ID, rev (bit 7 SDRs), fw 1, fw 2 BCD, IPMI version, support, mfg (3 LE), product (2 LE), aux (4)
    { res: '20830908029f911200020f01020304' }),
  cmd(getChannelAuthCapabilities, { channel: 0x0e, extended: true, privilege: 4 }, { channel: 1, extendedData: true, authTypes: { none: true, md2: true, md5: true, straightPassword: true, oem: false }, kgNonZero: false, perMessageAuthDisabled: false, userLevelAuthDisabled: false, nonNullUsernames: true, nullUsernames: false, anonymousLogin: false, ipmi20: true, ipmi15: true, oemId: 0, oemAux: 0 },
    { req: '8e04', res: '0197040300000000' }),
  cmd(getChannelCipherSuites, { channel: 0x0e, payloadType: 0, listByCipherSuite: true, index: 0 }, { channel: 1, data: Uint8Array.of(0xc0, 3, 0x01, 0x41, 0x81, 0xc0, 17, 0x03, 0x44, 0x81) }, { req: '0e0080' }),
  cmd(setSessionPrivilegeLevel, { privilege: 4 }, { privilege: 4 }, { req: '04', res: '04' }),
  cmd(closeSession, { sessionId: 0x01020304 }, undefined, { req: '04030201' }),
  cmd(getChannelInfo, { channel: 0x0e }, { channel: 1, mediumType: 4, protocolType: 1, sessionSupport: 2, activeSessions: 1, vendorIana: 7154, aux: 0 }, { res: '01040181f21b000000' } /* as ipmi_sim answers (raw 06 42 0e) */),
  cmd(activatePayload, { payloadType: 1, instance: 1, aux: solActivationAux(true, true) }, { aux: new Uint8Array(4), inboundSize: 32, outboundSize: 16384, port: 623, vlan: 0xffff }, { req: '0101c4000000' }),
  cmd(deactivatePayload, { payloadType: 1, instance: 1 }, undefined, { req: '010100000000' }),
  cmd(getPayloadActivationStatus, { payloadType: 1 }, { capacity: 1, active: [1] }, { res: '010100' }),
  cmd(getChassisStatus, undefined, { powerOn: true, powerOverload: false, interlock: false, powerFault: true, powerControlFault: false, restorePolicy: 'always-on', lastPowerEvent: { acFailed: false, overload: false, interlock: false, fault: false, viaIpmi: true }, intrusion: false, frontPanelLockout: false, driveFault: true, coolingFault: false, identify: 'temporary', frontPanelButtons: 0 },
    // §28.2: power state 0x49 = on | fault | policy 2<<5; last event 0x10 via IPMI; misc 0x54 = drive fault | identify temporary (1<<4) | supported
    { res: '49105400' }),
  cmd(chassisControl, { action: 'powerCycle' }, undefined, { req: '02' }),
  cmd(setSystemBootOptions, { parameter: 5, markInvalid: false, data: encodeBootFlags({ device: 'pxe' }) }, undefined, { req: '058004000000' }),
  cmd(getSystemBootOptions, { parameter: 5, setSelector: 0, blockSelector: 0 }, { version: 1, parameter: 5, invalid: false, data: Uint8Array.of(0x80, 0x18, 0, 0, 0) }, { req: '050000', res: '01058018000000' }),
  cmd(getSdrRepositoryInfo, undefined, { version: 0x51, recordCount: 5, freeSpace: 0xfffe, lastAddition: 410, lastErase: 0, operationSupport: 0x02 }, { res: '510500feff9a0100000000000002' }),
  cmd(reserveSdrRepository, undefined, { reservationId: 4 }, { res: '0400' }),
  cmd(getSdr, { reservationId: 4, recordId: 1, offset: 5, length: 0x11 }, { nextRecordId: 2, data: Uint8Array.of(0x20, 0, 0x97) }, { req: '040001000511' }),
  cmd(getSelInfo, undefined, { version: 0x51, entries: 1, freeSpace: 0x3ff0, lastAddition: 410, lastErase: 0, overflow: false, supportsDelete: true, supportsReserve: true, operationSupport: 0x0a }),
  cmd(reserveSel, undefined, { reservationId: 0x1234 }, { res: '3412' }),
  cmd(getSelEntry, { reservationId: 0, recordId: 0, offset: 0, length: 0xff }, { nextRecordId: 0xffff, data: new Uint8Array(16).fill(7) }, { req: '0000000000ff' }),
  cmd(clearSel, { reservationId: 0x0102, action: 'initiate' }, { completed: true }, { req: '0201434c52aa', res: '01' }),
  cmd(getSensorReading, { sensorNumber: 1 }, { raw: 45, eventMessagesEnabled: false, scanningEnabled: true, unavailable: false, states: 0x0008, statesPresent: true }, { req: '01', res: '2d400800' }),
  cmd(getLanConfigParameters, { channel: 1, revisionOnly: false, parameter: 3, setSelector: 0, blockSelector: 0 }, { revision: 0x11, data: Uint8Array.of(192, 0, 2, 10) }, { req: '01030000', res: '11c000020a' }),
];

