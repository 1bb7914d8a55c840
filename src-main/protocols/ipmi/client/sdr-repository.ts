// Reads the SDR repository (IPMI 2.0 §33): Get SDR Repository Info, Reserve SDR Repository,
// then each record with partial Get SDR reads: the 5-byte header first, then the body in
// chunks. A cancelled reservation (C5h) is renewed and the record re-read; a BMC that cannot
// return as many bytes as asked (CAh, C7h, C8h, FFh) gets smaller chunks. All loops are bounded.
import { IpmiError, isIpmiError } from '../errors';
import { getSdr } from '../commands/storage/get-sdr';
import { getSdrRepositoryInfo, type SdrRepositoryInfo } from '../commands/storage/sdr-repository-info';
import { reserveSdrRepository } from '../commands/storage/reserve-sdr-repository';
import { decodeSdr, type SdrRecord } from '../records/sdr';
import { concatBytes } from '../wire/bytes';
import type { CommandRunner } from './runner';

const SHRINK_CODES = new Set([0xca, 0xc7, 0xc8, 0xff]);
const RESERVATION_CANCELLED = 0xc5;
const MIN_CHUNK = 8;

export interface SdrReadOptions {
  /** largest partial read, default 32 bytes (below the ~40-byte payload many BMCs accept) */
  chunk?: number;
}

export interface SdrRepository {
  info: SdrRepositoryInfo;
  records: SdrRecord[];
  /** records that could not be decoded (their bytes are kept out of `records`) */
  skipped: number;
}

export async function readSdrRepository(run: CommandRunner, opts: SdrReadOptions = {}): Promise<SdrRepository> {
  const info = await run.call(getSdrRepositoryInfo, undefined);
  const state = { chunk: Math.max(MIN_CHUNK, Math.min(opts.chunk ?? 32, 0xfe)), reservation: (await run.call(reserveSdrRepository, undefined)).reservationId };
  const records: SdrRecord[] = [];
  let skipped = 0;
  let id = 0x0000;
  const seen = new Set<number>();
  // bound: the declared count plus slack, and never the same record twice (a looping BMC)
  for (let n = 0; n < info.recordCount + 8 && id !== 0xffff && !seen.has(id); n++) {
    seen.add(id);
    const { data, next } = await readRecord(run, id, state);
    try {
      records.push(decodeSdr(data));
    } catch {
      skipped++;
    }
    id = next;
  }
  return { info, records, skipped };
}

async function readRecord(run: CommandRunner, recordId: number, state: { chunk: number; reservation: number }): Promise<{ data: Uint8Array; next: number }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const head = await run.call(getSdr, { reservationId: state.reservation, recordId, offset: 0, length: 5 });
      if (head.data.length < 5) throw new IpmiError('malformed', `Get SDR: record ${recordId} header is ${head.data.length} bytes`);
      const total = 5 + (head.data[4] as number);
      // 0000h means "first record": continue with the record's real ID, as the header gives it
      const id = (head.data[0] as number) | ((head.data[1] as number) << 8);
      const parts = [head.data.subarray(0, 5)];
      let offset = 5;
      for (let guard = 0; offset < total && guard < 64; guard++) {
        const length = Math.min(state.chunk, total - offset);
        const part = await run.call(getSdr, { reservationId: state.reservation, recordId: id, offset, length });
        if (part.data.length === 0) throw new IpmiError('malformed', `Get SDR: empty read of record ${recordId} at offset ${offset}`);
        parts.push(part.data.subarray(0, Math.min(part.data.length, total - offset)));
        offset += part.data.length;
      }
      if (offset < total) throw new IpmiError('malformed', `Get SDR: record ${recordId} incomplete`);
      return { data: concatBytes(...parts), next: head.nextRecordId };
    } catch (e) {
      if (isIpmiError(e, 'completion-code') && e.completionCode === RESERVATION_CANCELLED) {
        state.reservation = (await run.call(reserveSdrRepository, undefined)).reservationId;
        continue;
      }
      if (isIpmiError(e, 'completion-code') && SHRINK_CODES.has(e.completionCode ?? -1) && state.chunk > MIN_CHUNK) {
        state.chunk = Math.max(MIN_CHUNK, state.chunk >> 1);
        continue;
      }
      throw e;
    }
  }
  throw new IpmiError('malformed', `Get SDR: gave up on record ${recordId} after repeated reservation losses`);
}
