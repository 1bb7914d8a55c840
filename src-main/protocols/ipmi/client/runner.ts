// What the high-level operations need from a session: send a command, get its decoded
// response. RmcpPlusSession implements it; keeping it narrow keeps these files testable.
import type { IpmiCommand } from '../commands/command';
import type { RawResponse, RequestOptions } from '../session/session';

export interface CommandRunner {
  call<Req, Res>(command: IpmiCommand<Req, Res>, req: Req, opts?: RequestOptions): Promise<Res>;
  request(netFn: number, cmd: number, data?: Uint8Array, opts?: RequestOptions): Promise<RawResponse>;
}
