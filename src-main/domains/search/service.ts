// Ctrl+K: one trigram full-text index over every object that a repository puts in it.
import type { SearchHit } from '../../../shared/types';
import type { Store } from '../../store/repository';

export class SearchService {
  constructor(private readonly store: Store) {}

  search(text: string, limit: number): SearchHit[] {
    const q = text.trim();
    if (!q) return [];
    // Trigram needs 3 characters for MATCH; shorter input is a prefix scan of titles.
    const rows = q.length >= 3
      ? this.store.prepare(`SELECT d.kind, d.row_id, s.title, s.body FROM search_index s JOIN search_docs d ON d.rowid = s.rowid
          WHERE search_index MATCH ? ORDER BY (s.title = ? COLLATE NOCASE) DESC, (s.title LIKE ?) DESC, rank LIMIT ?`).all(`"${q.replace(/"/g, '""')}"`, q, `${q}%`, limit)
      : this.store.prepare(`SELECT d.kind, d.row_id, s.title, s.body FROM search_index s JOIN search_docs d ON d.rowid = s.rowid
          WHERE s.title LIKE ? LIMIT ?`).all(`${q}%`, limit);
    return (rows as Array<{ kind: string; row_id: string; title: string; body: string }>).map((r) => ({ kind: r.kind, id: r.row_id, title: r.title, subtitle: r.body }));
  }
}
