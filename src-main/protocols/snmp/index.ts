// Public API of the SNMP library. Self-contained: imports nothing from the rest of the app.
export { SnmpClient, createSnmpClient, type SnmpClientOptions, type SnmpClientStats } from './client';
export { SnmpError, adviceFor, type SnmpErrorKind } from './errors';
export { counterRate, intervalSeconds, interfaceRates, type CounterSample, type RateOptions, type RateResult, type InterfaceRate } from './rates';
export { startTrapReceiver, type TrapReceiver, type TrapReceiverOptions, type TrapCounters, type TrapUser } from './traps';
export { normaliseNotification, type TrapEvent, type TrapKind } from './trap-event';
export { UdpTransport, type TransportStats, type UdpTransportOptions } from './transport';
export { systemClock, type Clock } from './clock';
export { IF_COLUMNS, SYSTEM, HR, TRAP, normaliseOid, compareOids } from './oids';
export type * from './types';
