// Files for an import are sent from the app in chunks (a WebSocket message is at most
// 1 MiB): in order, bounded per chunk, per file and in number, kept per person, and dropped
// when abandoned. Then imported by upload id: the dry run and the import read the same text.
import type { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src-main/core/clock';
import { ImportUploads } from '../../../../src-main/domains/ipam/import-uploads';
import { IMPORT_CHUNK_MAX, IMPORT_CHUNK_SENT, prefixCreateInput } from '../../../../shared/schemas/ipam';
import { chunksOf } from '../../../../src-renderer/stores/ipam-store';
import { actor, makeCore, type TestCore } from '../../helpers';
import { ctx } from './setup';

const limits = { maxChunk: 10, maxTotal: 25, maxOpen: 2, idleMs: 60_000 };

describe('import uploads', () => {
  let clock: FakeClock;
  let up: ImportUploads;
  beforeEach(() => {
    clock = new FakeClock();
    up = new ImportUploads(clock, limits);
  });

  it('joins chunks sent in order into the text', () => {
    expect(up.put('alice', { uploadId: 'up-000001', index: 0, chunk: 'prefix\n', last: false })).toEqual({ uploadId: 'up-000001', received: 7, complete: false });
    expect(() => up.text('alice', 'up-000001')).toThrow('The upload up-000001 is not complete (1 chunks so far); send the rest first.');
    expect(up.put('alice', { uploadId: 'up-000001', index: 1, chunk: '10.0.0.0/8', last: true })).toEqual({ uploadId: 'up-000001', received: 17, complete: true });
    expect(up.text('alice', 'up-000001')).toBe('prefix\n10.0.0.0/8');
    expect(up.text('alice', 'up-000001')).toBe('prefix\n10.0.0.0/8'); // again, for the import after the dry run
    expect(() => up.put('alice', { uploadId: 'up-000001', index: 2, chunk: 'x', last: true })).toThrow('is complete already');
  });

  it('refuses chunks out of order, too big, or past the size of a file, saying what to do', () => {
    up.put('alice', { uploadId: 'up-000001', index: 0, chunk: 'aaaa', last: false });
    expect(() => up.put('alice', { uploadId: 'up-000001', index: 2, chunk: 'b', last: false })).toThrow('Chunk 2 of upload up-000001 came out of order (expected chunk 1); send the file again from the start.');
    expect(() => up.put('alice', { uploadId: 'up-000001', index: 1, chunk: 'x'.repeat(11), last: false })).toThrow('A chunk is at most 10 characters; this one has 11.');
    up.put('alice', { uploadId: 'up-000001', index: 1, chunk: 'x'.repeat(10), last: false });
    up.put('alice', { uploadId: 'up-000001', index: 2, chunk: 'x'.repeat(10), last: false });
    expect(() => up.put('alice', { uploadId: 'up-000001', index: 3, chunk: 'xx', last: true })).toThrow('The file is over 0 MB, the most the app takes; split it, or import it with `noc ipam import FILE` on the command line.');
    // the refused file is gone whole: nothing half-uploaded stays
    expect(up.open()).toBe(0);
    expect(() => up.put('alice', { uploadId: 'up-000001', index: 4, chunk: 'x', last: true })).toThrow('No upload up-000001');
  });

  it("keeps each person's uploads to them and bounds how many are open", () => {
    up.put('alice', { uploadId: 'up-alice1', index: 0, chunk: 'a', last: true });
    expect(() => up.put('bob', { uploadId: 'up-alice1', index: 0, chunk: 'b', last: true })).toThrow('belongs to someone else');
    expect(() => up.text('bob', 'up-alice1')).toThrow('No upload up-alice1');
    expect(up.discard('bob', 'up-alice1')).toBe(false);
    up.put('bob', { uploadId: 'up-bob001', index: 0, chunk: 'b', last: false });
    expect(() => up.put('carol', { uploadId: 'up-carol1', index: 0, chunk: 'c', last: false })).toThrow('2 uploads are open already (at most 2); finish or cancel one, or try again in a few minutes.');
    expect(up.discard('alice', 'up-alice1')).toBe(true);
    expect(up.put('carol', { uploadId: 'up-carol1', index: 0, chunk: 'c', last: false }).received).toBe(1);
  });

  it('drops an abandoned upload after the idle time', () => {
    up.put('alice', { uploadId: 'up-000001', index: 0, chunk: 'a', last: false });
    clock.advance(59_000);
    up.put('alice', { uploadId: 'up-000001', index: 1, chunk: 'b', last: false }); // touched: the minute starts again
    clock.advance(59_000);
    expect(up.open()).toBe(1);
    clock.advance(2_000);
    expect(up.open()).toBe(0);
    expect(() => up.put('alice', { uploadId: 'up-000001', index: 2, chunk: 'c', last: true })).toThrow('it may have been dropped after 1 idle minutes');
  });

  it("the dialog's chunks fit a 1 MiB WebSocket message even for 3-byte characters", () => {
    expect(IMPORT_CHUNK_SENT * 3 + 1024).toBeLessThan(1 << 20);
    expect(IMPORT_CHUNK_SENT).toBeLessThanOrEqual(IMPORT_CHUNK_MAX);
    const text = 'é€'.repeat(200_000);
    const chunks = chunksOf(text, IMPORT_CHUNK_SENT);
    expect(chunks.map((c) => c.length)).toEqual([IMPORT_CHUNK_SENT, 400_000 - IMPORT_CHUNK_SENT]);
    expect(chunks.join('')).toBe(text);
    expect(chunksOf('', 10)).toEqual(['']);
  });
});

describe('importing an upload through the router', () => {
  let t: TestCore;
  beforeEach(() => {
    t = makeCore();
    t.core.services.ipam.createPrefix(ctx, prefixCreateInput.parse({ prefix: '10.0.0.0/8', status: 'container' }));
  });
  afterEach(() => t.close());

  it('uploads a file bigger than one message in chunks, dry-runs it, then imports it', async () => {
    const c = t.caller(actor('technician', 'tom'));
    const lines = ['address,status,description'];
    const pad = 'a description long enough to make the file bigger than one WebSocket message '.repeat(2);
    for (let i = 1; i <= 8000; i++) lines.push(`10.1.${i >> 8}.${i & 255}/8,active,${pad}${i}`);
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(1.2 * 1024 * 1024);
    const chunks = chunksOf(text, IMPORT_CHUNK_SENT);
    for (const [index, chunk] of chunks.entries()) {
      await c.ipam.importUpload({ uploadId: 'upload-test-1', index, chunk, last: index === chunks.length - 1 });
    }
    const dry = await c.ipam.import({ format: 'netbox-ip-addresses', uploadId: 'upload-test-1' });
    expect(dry).toMatchObject({ dryRun: true, rows: 8000, created: 8000 });
    const done = await c.ipam.import({ format: 'netbox-ip-addresses', uploadId: 'upload-test-1', dryRun: false });
    expect(done).toMatchObject({ dryRun: false, created: 8000 });
    expect(t.core.services.ipam.lookup.find('', '10.1.31.64').record).toMatchObject({ status: 'used' });
    // imported: the upload is gone
    expect(t.core.services.ipam.transfer.uploads.open()).toBe(0);
  });

  it('refuses a chunk over the limit and an import of nothing or of two things, by schema', async () => {
    const c = t.caller(actor('technician', 'tom'));
    const big = await c.ipam.importUpload({ uploadId: 'upload-test-2', index: 0, chunk: 'x'.repeat(IMPORT_CHUNK_MAX + 1), last: true }).catch((e: unknown) => e);
    expect((big as TRPCError).code).toBe('BAD_REQUEST');
    expect((big as TRPCError).message).toContain(`A chunk is at most ${IMPORT_CHUNK_MAX} characters; send smaller pieces.`);
    const neither = await c.ipam.import({ format: 'netbox-prefixes' }).catch((e: unknown) => e);
    expect((neither as TRPCError).message).toContain('Give the CSV text or the id of an upload (one of them).');
    const missing = await c.ipam.import({ format: 'netbox-prefixes', uploadId: 'upload-never' }).catch((e: unknown) => e);
    expect((missing as TRPCError).message).toBe('No upload upload-never (it may have been dropped after 15 idle minutes); choose the file again.');
    // a viewer may not upload at all
    const viewer = await t.caller(actor('viewer')).ipam.importUpload({ uploadId: 'upload-test-3', index: 0, chunk: 'x', last: true }).catch((e: unknown) => e);
    expect((viewer as TRPCError).code).toBe('FORBIDDEN');
  });
});
