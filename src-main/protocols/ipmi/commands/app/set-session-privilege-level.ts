// IPMI 2.0 §22.18 Set Session Privilege Level (App 06h, cmd 3Bh), privilege Callback.
// request: requested privilege (bits 3:0; 0 = just return the present level).
// response: new privilege level (bits 3:0). A session starts at User level or its
// maximum, whichever is lower (§22.18), so Operator/Administrator must be asked for.
import { NetFn, defineCommand, reader } from '../command';

const NAME = 'Set Session Privilege Level';

export const setSessionPrivilegeLevel = defineCommand<{ privilege: number }, { privilege: number }>({
  name: NAME,
  section: 'IPMI 2.0 §22.18',
  netFn: NetFn.app,
  cmd: 0x3b,
  privilege: 1,
  encodeRequest: (q) => Uint8Array.of(q.privilege & 0x0f),
  decodeRequest: (d) => ({ privilege: reader(d, NAME, 'request').u8('privilege') & 0x0f }),
  encodeResponse: (s) => Uint8Array.of(s.privilege & 0x0f),
  decodeResponse: (d) => ({ privilege: reader(d, NAME, 'response').u8('privilege') & 0x0f }),
});
