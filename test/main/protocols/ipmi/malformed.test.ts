// Malformed packets that must fail cleanly: each decoder throws IpmiError('malformed') (never a
// TypeError, never a hang), and an active session counts and drops them.
import { describe, expect, it } from 'vitest';
import { IpmiError } from '../../../../src-main/protocols/ipmi/errors';
import { decodeRmcpPacket } from '../../../../src-main/protocols/ipmi/rmcp/packet';
import { decodeRequestMessage, decodeResponseMessage } from '../../../../src-main/protocols/ipmi/rmcp/message';
import { decodeSession15 } from '../../../../src-main/protocols/ipmi/rmcp/session15';
import { decodeSession20 } from '../../../../src-main/protocols/ipmi/rmcp/session20';
import { decodeOpenSessionResponse } from '../../../../src-main/protocols/ipmi/session/open-session';
import { decodeRakp1, decodeRakp2, decodeRakp4 } from '../../../../src-main/protocols/ipmi/session/rakp';
import { aesCbc128Decrypt } from '../../../../src-main/protocols/ipmi/session/confidentiality';
import { decodeSdr } from '../../../../src-main/protocols/ipmi/records/sdr';
import { decodeSelRecord } from '../../../../src-main/protocols/ipmi/records/sel';
import { parseCipherSuiteRecords } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-cipher-suites';
import { getDeviceId } from '../../../../src-main/protocols/ipmi/commands/app/get-device-id';
import { clearSel } from '../../../../src-main/protocols/ipmi/commands/storage/clear-sel';
import { fromHex } from '../../../../src-main/protocols/ipmi/wire/bytes';

const k2 = new Uint8Array(20).fill(2);

const TABLE: [string, () => unknown, RegExp][] = [
  ['empty datagram', () => decodeRmcpPacket(new Uint8Array(0)), /truncated at RMCP version/],
  ['RMCP version 5', () => decodeRmcpPacket(fromHex('0500ff07')), /unsupported version 5/],
  ['RMCP class 08 (OEM)', () => decodeRmcpPacket(fromHex('0600ff08')), /unsupported class 8/],
  ['IPMI 1.5 header cut after the session ID', () => decodeSession15(fromHex('0600ff070000000000000000')), /truncated at 1.5 session ID/],
  ['IPMI 1.5 length larger than the datagram', () => decodeSession15(fromHex('0600ff0700000000000000000020')), /truncated at 1.5 message/],
  ['IPMI 1.5 with trailing garbage', () => decodeSession15(fromHex('0600ff070000000000000000000100aabb')), /trailing bytes/],
  ['RMCP+ payload length beyond the datagram', () => decodeSession20(fromHex('0600ff07060000000000000000001000')), /truncated at payload/],
  ['RMCP+ authenticated packet before a session', () => decodeSession20(fromHex('0600ff0706400000000000000000000000')), /outside an authenticated session/],
  ['RMCP+ trailer shorter than the AuthCode', () => decodeSession20(fromHex('0600ff07' + '0640' + '00000000' + '00000000' + '0000' + 'ff0207aabb'), 12), /trailer of 5 bytes is too short/],
  ['RMCP+ wrong next header', () => decodeSession20(fromHex('0600ff0706400000000000000000000000' + '0008' + '00'.repeat(12)).subarray(0), 12), /pad length byte|next header/],
  ['RMCP+ trailing bytes after an unauthenticated payload', () => decodeSession20(fromHex('0600ff0706000000000000000000000099')), /trailing bytes/],
  ['IPMI message shorter than 7 bytes', () => decodeResponseMessage(fromHex('811c632000')), /shorter than the 7-byte minimum/],
  ['IPMI message with a bad header checksum', () => decodeResponseMessage(fromHex('811c64200401000000')), /header checksum/],
  ['IPMI message with a bad data checksum', () => decodeRequestMessage(fromHex('2018c881040100')), /data checksum/],
  ['Open Session response, success but cut', () => decodeOpenSessionResponse(fromHex('0000040000000000')), /truncated at BMC session ID/],
  ['Open Session response with a wrong algorithm payload type', () => decodeOpenSessionResponse(fromHex('0000040000000000010000000100000800010000000000000000000000000000000000000')), /algorithm payload type|truncated/],
  ['RAKP 1 with a 17-byte user name', () => decodeRakp1(fromHex('00000000' + '01000000' + '00'.repeat(16) + '14000011' + '61'.repeat(17))), /user name length 17/],
  ['RAKP 2 success without the GUID', () => decodeRakp2(fromHex('00000000' + '01000000' + '11'.repeat(16) + '22'.repeat(4))), /truncated at GUID/],
  ['RAKP 4 with a 40-byte ICV', () => decodeRakp4(fromHex('0000000001000000' + 'aa'.repeat(40))), /integrity check value of 40 bytes/],
  ['AES payload not a whole number of blocks', () => aesCbc128Decrypt(k2, new Uint8Array(33)), /not IV \+ whole blocks/],
  ['AES payload with a pad length of 200', () => aesCbc128Decrypt(k2, new Uint8Array(32)), /pad length|invalid/],
  ['SDR shorter than its header says', () => decodeSdr(fromHex('0100510133200001')), /header says/],
  ['SEL record of 15 bytes', () => decodeSelRecord(new Uint8Array(15)), /15 bytes, expected 16/],
  ['cipher suite records with a stray byte', () => parseCipherSuiteRecords(fromHex('c003ff')), /stray byte/],
  ['Get Device ID response cut after 5 bytes', () => getDeviceId.decodeResponse(fromHex('2083090802')), /truncated at additional device support/],
  ['Clear SEL request without "CLR"', () => clearSel.decodeRequest(fromHex('0000414243aa')), /missing "CLR"/],
];

describe('malformed packets fail with IpmiError("malformed")', () => {
  it.each(TABLE)('%s', (_name, fn, message) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IpmiError);
    expect((err as IpmiError).code).toBe('malformed');
    expect((err as Error).message).toMatch(message);
  });
});
