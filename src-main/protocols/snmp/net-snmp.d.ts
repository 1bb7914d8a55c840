// Declarations for the parts of `net-snmp` (3.x, plain JavaScript, no bundled types) that
// this library uses. Only what is called is declared; shapes were read from
// node_modules/net-snmp/index.js.
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';
  import type { RemoteInfo } from 'node:dgram';

  /** Raw varbind as net-snmp decodes it. `value` depends on `type`:
   * Integer/Counter/Gauge/TimeTicks → number, OctetString/Opaque/Counter64 → Buffer,
   * OID/IpAddress → string, Null and the exceptions (128-130) → null. */
  export interface RawVarbind {
    oid: string;
    type: number;
    value: unknown;
  }

  /** The subset of a dgram socket a Session/Listener uses (see `dgramModule`). */
  export interface DgramLikeSocket {
    on(event: 'message', listener: (msg: Buffer, rinfo: RemoteInfo) => void): unknown;
    on(event: 'close' | 'listening', listener: () => void): unknown;
    on(event: 'error', listener: (err: Error) => void): unknown;
    send(
      buf: Buffer,
      offset: number,
      length: number,
      port: number,
      address: string,
      cb?: (err: Error | null, bytes?: number) => void,
    ): void;
    bind(port?: number, address?: string): unknown;
    close(cb?: () => void): unknown;
    ref(): unknown;
    unref(): unknown;
    address(): { address: string; family: string; port: number };
  }
  export interface DgramModuleLike {
    createSocket(type: 'udp4' | 'udp6'): DgramLikeSocket;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: 'udp4' | 'udp6';
    version?: number;
    idBitsSize?: 16 | 32;
    context?: string;
    backwardsGetNexts?: boolean;
    reportOidMismatchErrors?: boolean;
    dgramModule?: DgramModuleLike;
  }

  export interface User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }

  export type ResponseCb<T> = (error: Error | null, result?: T) => void;

  export interface Session extends EventEmitter {
    get(oids: string[], cb: ResponseCb<RawVarbind[]>): Session;
    getNext(oids: string[], cb: ResponseCb<RawVarbind[]>): Session;
    /** Result: one varbind per non-repeater, then one array per repeater. */
    getBulk(
      oids: string[],
      nonRepeaters: number,
      maxRepetitions: number,
      cb: ResponseCb<(RawVarbind | RawVarbind[])[]>,
    ): Session;
    close(): Session;
  }

  export interface ReceiverOptions {
    port?: number;
    address?: string | null;
    transport?: 'udp4' | 'udp6';
    disableAuthorization?: boolean;
    includeAuthentication?: boolean;
    engineID?: string;
    dgramModule?: DgramModuleLike;
  }
  export interface TrapPduLike {
    type: number;
    id?: number;
    varbinds: RawVarbind[];
    /** v1 Trap-PDU only */
    enterprise?: string;
    agentAddr?: string;
    generic?: number;
    specific?: number;
    upTime?: number;
    community?: string;
    user?: string;
  }
  export interface ReceiverNotification {
    pdu: TrapPduLike;
    rinfo: RemoteInfo;
  }
  export interface Authorizer {
    addCommunity(community: string): void;
    addUser(user: User): void;
  }
  export interface Receiver {
    getAuthorizer(): Authorizer;
    close(cb?: () => void): void;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session;
  export function createReceiver(
    options: ReceiverOptions,
    callback: (error: Error | null, data?: ReceiverNotification) => void,
  ): Receiver;

  export const Version1: number;
  export const Version2c: number;
  export const Version3: number;
  export const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  export const AuthProtocols: {
    none: number; md5: number; sha: number; sha224: number; sha256: number; sha384: number; sha512: number;
  };
  export const PrivProtocols: { none: number; des: number; aes: number; aes256b: number; aes256r: number };
  export const ObjectType: Record<string, number>;
  export const PduType: Record<string, number>;
  export const ErrorStatus: Record<string, number>;
  export const ResponseInvalidCode: Record<string, number>;

  export class ResponseInvalidError extends Error {
    code: number;
    info?: unknown;
  }
  export class RequestFailedError extends Error {
    /** error-status number; the string "GeneralError" for values outside net-snmp's table */
    status: number | string;
  }
  export class RequestTimedOutError extends Error {}
  export class RequestInvalidError extends Error {}
  // (net-snmp's ProcessingError, handed to receiver callbacks, is not exported: match err.name.)

  const snmp: {
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
    createReceiver: typeof createReceiver;
    Version1: number;
    Version2c: number;
    Version3: number;
    SecurityLevel: typeof SecurityLevel;
    AuthProtocols: typeof AuthProtocols;
    PrivProtocols: typeof PrivProtocols;
    ObjectType: typeof ObjectType;
    PduType: typeof PduType;
    ErrorStatus: typeof ErrorStatus;
    ResponseInvalidCode: typeof ResponseInvalidCode;
    ResponseInvalidError: typeof ResponseInvalidError;
    RequestFailedError: typeof RequestFailedError;
    RequestTimedOutError: typeof RequestTimedOutError;
    RequestInvalidError: typeof RequestInvalidError;
  };
  export default snmp;
}
