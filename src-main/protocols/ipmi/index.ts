// Aedify NOC IPMI 2.0 client library: public API. Self-contained (imports nothing from the
// application), so it can be published on its own.
//
//   const bmc = new IpmiClient({ host: '10.0.0.5', username: 'admin', password });
//   await bmc.power('status'); await bmc.sensors(); const sol = await bmc.sol({ onData });
//   await bmc.close();
export { IpmiClient, isPowerAction, type DroppedPackets, type IpmiClientOptions, type PowerAction } from './client/client';
export { IpmiSessionManager, targetKey, type ManagerOptions, type SessionLease } from './client/manager';
export type { SensorReading, SensorStatus } from './client/sensors';
export type { LanConfig } from './client/lan';
export type { BootDeviceOptions } from './client/boot';
export { presencePing, type PingOptions, type PingResult } from './ping';
export { IpmiError, isIpmiError, completionCodeText, type IpmiErrorCode } from './errors';
export { systemClock, ManualClock, type Clock, type TimerHandle } from './clock';
export { formatPeer, type DatagramTransport, type PeerAddress, type TransportFactory } from './transport';
export { udpTransportFactory } from './transport-udp';
export { MemoryNetwork, type MemoryEndpoint } from './transport-memory';
export { RmcpPlusSession, type SessionCounters, type SessionState, type RawResponse, type RequestOptions } from './session/session';
export type { BmcTarget, SessionTuning, SessionOptions, SecurityWarning, SecurityWarningCode } from './session/options';
export { CIPHER_SUITES, DEFAULT_CIPHER_SUITES, type CipherSuiteId, type PrivilegeName } from './session/algorithms';
export { SolConsole, type SolOptions, type SolCounters } from './sol/console';
export type { DeviceId } from './commands/app/get-device-id';
export type { ChassisStatus } from './commands/chassis/get-chassis-status';
export { BootDevice, type BootDeviceName, type BootFlags } from './commands/chassis/boot-flags';
export type { SelInfo } from './commands/storage/get-sel-info';
export type { SdrRecord } from './records/sdr';
export type { SelRecord } from './records/sel';
