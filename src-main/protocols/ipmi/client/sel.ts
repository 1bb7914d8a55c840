// System Event Log (IPMI 2.0 §31): list every entry (Get SEL Info, then Get SEL Entry from
// record 0000h following "next record ID" until FFFFh), and clear it (Reserve SEL, Clear SEL
// "initiate erase", then poll "get erasure status" until it reports completion).
import { IpmiError } from '../errors';
import { clearSel } from '../commands/storage/clear-sel';
import { getSelEntry } from '../commands/storage/get-sel-entry';
import { getSelInfo, type SelInfo } from '../commands/storage/get-sel-info';
import { reserveSel } from '../commands/storage/reserve-sel';
import { decodeSelRecord, type SelRecord } from '../records/sel';
import type { CommandRunner } from './runner';

export async function listSel(run: CommandRunner): Promise<{ info: SelInfo; entries: SelRecord[] }> {
  const info = await run.call(getSelInfo, undefined);
  const entries: SelRecord[] = [];
  if (info.entries === 0) return { info, entries };
  let id = 0x0000;
  const seen = new Set<number>();
  for (let n = 0; n < info.entries + 8 && id !== 0xffff && !seen.has(id); n++) {
    seen.add(id);
    const r = await run.call(getSelEntry, { reservationId: 0, recordId: id, offset: 0, length: 0xff });
    if (r.data.length < 16) throw new IpmiError('malformed', `Get SEL Entry: record ${id} is ${r.data.length} bytes`);
    entries.push(decodeSelRecord(r.data.subarray(0, 16)));
    id = r.nextRecordId;
  }
  return { info, entries };
}

/** `wait` is called between erasure status polls (the session's clock in practice) */
export async function clearSelLog(run: CommandRunner, wait: (ms: number) => Promise<void>, maxPolls = 20): Promise<void> {
  const { reservationId } = await run.call(reserveSel, undefined);
  let r = await run.call(clearSel, { reservationId, action: 'initiate' });
  for (let i = 0; !r.completed && i < maxPolls; i++) {
    await wait(100);
    r = await run.call(clearSel, { reservationId, action: 'status' });
  }
  if (!r.completed) throw new IpmiError('timeout', `Clear SEL: erasure still in progress after ${maxPolls} polls`);
}
