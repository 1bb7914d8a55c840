// Ctrl+K: one trigram full-text index over every object that a repository puts in it.
import type { SearchHit } from '../../../shared/types';
import type { Store } from '../../store/repository';

// A term with this many index hits is broad ("ben", "available"): ranking every hit costs
// tens of ms at 50,000 devices, so only this many title-prefix hits and this many others are ranked.
export const BROAD_HITS = 2000;

type Row = { kind: string; row_id: string; title: string; body: string };

export class SearchService {
  constructor(private readonly store: Store) {}

  search(text: string, limit: number): SearchHit[] {
    const q = text.trim();
    if (!q) return [];
    // Trigram needs 3 characters for MATCH; shorter input is a prefix scan of titles.
    if (q.length < 3) {
      return this.hits(this.store.prepare(`SELECT d.kind, d.row_id, s.title, s.body FROM search_index s JOIN search_docs d ON d.rowid = s.rowid
          WHERE s.title LIKE ? LIMIT ?`).all(`${q}%`, limit) as Row[]);
    }
    const phrase = `"${q.replace(/"/g, '""')}"`;
    // Exact title first, then titles starting with the term, then the rest by rank.
    const broad = (this.store.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT ${BROAD_HITS})`).get(phrase) as { n: number }).n >= BROAD_HITS;
    if (!broad) {
      return this.hits(this.store.prepare(`SELECT d.kind, d.row_id, s.title, s.body FROM search_index s JOIN search_docs d ON d.rowid = s.rowid
          WHERE search_index MATCH ? ORDER BY (s.title = ? COLLATE NOCASE) DESC, (s.title LIKE ?) DESC, rank LIMIT ?`).all(phrase, q, `${q}%`, limit) as Row[]);
    }
    // Broad: the same tiers over a bounded set of candidates, the title-prefix ones (`^`: the
    // phrase starts the title) taken first, in index order within a tier instead of by rank.
    return this.hits(this.store.prepare(`SELECT d.kind, d.row_id, s.title, s.body
        FROM (SELECT rowid FROM (SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT ${BROAD_HITS})
          UNION SELECT rowid FROM (SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT ${BROAD_HITS})) c
        CROSS JOIN search_index s ON s.rowid = c.rowid JOIN search_docs d ON d.rowid = c.rowid
        ORDER BY (s.title = ? COLLATE NOCASE) DESC, (s.title LIKE ?) DESC, c.rowid LIMIT ?`).all(`{title} : ^${phrase}`, phrase, q, `${q}%`, limit) as Row[]);
  }

  private hits(rows: Row[]): SearchHit[] {
    return rows.map((r) => ({ kind: r.kind, id: r.row_id, title: r.title, subtitle: r.body }));
  }
}
