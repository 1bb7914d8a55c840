// Files sent from the app for an import, in chunks: a WebSocket message is at most 1 MiB
// (hosts/server), and a 100,000-row NetBox file is several MB. Chunks come in order, one
// mutation each; the text is kept (for the dry run and then the import) until it is
// discarded, imported, replaced, or left idle too long. Bounded: the chunk size, the file
// size, the uploads open at once; each belongs to the person who started it.
import { conflict, invalid } from '../../core/errors';
import type { Clock } from '../../core/clock';

export interface UploadLimits {
  /** Characters per chunk (the schema allows the same). */
  maxChunk: number;
  /** Characters per file. */
  maxTotal: number;
  /** Uploads kept at once, all people together. */
  maxOpen: number;
  /** An upload untouched this long is dropped. */
  idleMs: number;
}

export const UPLOAD_LIMITS: UploadLimits = { maxChunk: 512 * 1024, maxTotal: 64 * 1024 * 1024, maxOpen: 8, idleMs: 15 * 60_000 };

interface Upload {
  owner: string;
  chunks: string[];
  size: number;
  complete: boolean;
  touchedAt: number;
  text: string | null;
}

const MB = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

export class ImportUploads {
  private uploads = new Map<string, Upload>();

  constructor(private readonly clock: Clock, private readonly limits: UploadLimits = UPLOAD_LIMITS) {}

  /** Adds chunk `index` (0, 1, 2, … in order); `last` closes the file. */
  put(owner: string, p: { uploadId: string; index: number; chunk: string; last: boolean }): { uploadId: string; received: number; complete: boolean } {
    this.sweep();
    if (p.chunk.length > this.limits.maxChunk) throw invalid(`A chunk is at most ${this.limits.maxChunk} characters; this one has ${p.chunk.length}.`, 'chunk');
    let u = this.uploads.get(p.uploadId);
    if (u && u.owner !== owner) throw conflict(`The upload ${p.uploadId} belongs to someone else; start a new one.`, 'uploadId');
    if (p.index === 0) {
      // a new file (or the same id started again): whatever was there is replaced
      if (!u && this.uploads.size >= this.limits.maxOpen) {
        throw conflict(`${this.uploads.size} uploads are open already (at most ${this.limits.maxOpen}); finish or cancel one, or try again in a few minutes.`);
      }
      u = { owner, chunks: [], size: 0, complete: false, touchedAt: this.clock.now(), text: null };
      this.uploads.set(p.uploadId, u);
    }
    if (!u) throw invalid(`No upload ${p.uploadId} (it may have been dropped after ${Math.round(this.limits.idleMs / 60_000)} idle minutes); send the file again from the start.`, 'uploadId');
    if (u.complete) throw conflict(`The upload ${p.uploadId} is complete already; start a new one to send another file.`, 'uploadId');
    if (p.index !== u.chunks.length) {
      throw invalid(`Chunk ${p.index} of upload ${p.uploadId} came out of order (expected chunk ${u.chunks.length}); send the file again from the start.`, 'index');
    }
    if (u.size + p.chunk.length > this.limits.maxTotal) {
      this.uploads.delete(p.uploadId);
      throw invalid(`The file is over ${MB(this.limits.maxTotal)}, the most the app takes; split it, or import it with \`noc ipam import FILE\` on the command line.`, 'text');
    }
    u.chunks.push(p.chunk);
    u.size += p.chunk.length;
    u.complete = p.last;
    u.touchedAt = this.clock.now();
    return { uploadId: p.uploadId, received: u.size, complete: u.complete };
  }

  /** The whole text of a complete upload of this person. */
  text(owner: string, uploadId: string): string {
    this.sweep();
    const u = this.uploads.get(uploadId);
    if (!u || u.owner !== owner) throw invalid(`No upload ${uploadId} (it may have been dropped after ${Math.round(this.limits.idleMs / 60_000)} idle minutes); choose the file again.`, 'uploadId');
    if (!u.complete) throw invalid(`The upload ${uploadId} is not complete (${u.chunks.length} chunks so far); send the rest first.`, 'uploadId');
    u.touchedAt = this.clock.now();
    if (u.text === null) {
      u.text = u.chunks.join('');
      u.chunks = [];
    }
    return u.text;
  }

  discard(owner: string, uploadId: string): boolean {
    const u = this.uploads.get(uploadId);
    if (!u || u.owner !== owner) return false;
    this.uploads.delete(uploadId);
    return true;
  }

  open(): number {
    this.sweep();
    return this.uploads.size;
  }

  /** Abandoned uploads (a closed tab, a lost connection) go after idleMs. */
  private sweep(): void {
    const cutoff = this.clock.now() - this.limits.idleMs;
    for (const [id, u] of this.uploads) if (u.touchedAt < cutoff) this.uploads.delete(id);
  }
}
