// The inventory list's query as it was before the list moved to indexes and then to memory:
// one SQL statement, verbatim in its ordering (ties by id) and filtering. The tests compare
// the list with it page by page.
import type { DeviceListInput } from '../../../../shared/schemas/inventory';
import type { Store } from '../../../../src-main/store/repository';

export type OracleQuery = Required<Pick<DeviceListInput, 'sort' | 'dir' | 'limit' | 'offset'>> & DeviceListInput;

/** The list query as it was before migration 0011, verbatim in its ordering and filtering. */
export function oracle(db: Store, q: OracleQuery) {
  const SORT_SQL: Record<string, string> = {
    name: 'd.name COLLATE NOCASE', type: 'd.type, d.name', status: 'd.status, d.name', rack: 'r.name, d.position',
    position: 'd.position, d.name', serial: 'd.serial', assetTag: 'd.asset_tag', updatedAt: 'd.updated_at',
  };
  const where: string[] = ['d.deleted = 0'];
  const args: unknown[] = [];
  if (q.status?.length) { where.push(`d.status IN (${q.status.map(() => '?').join(',')})`); args.push(...q.status); }
  if (q.type?.length) { where.push(`d.type IN (${q.type.map(() => '?').join(',')})`); args.push(...q.type); }
  if (q.siteId) { where.push('d.site_id = ?'); args.push(q.siteId); }
  if (q.rackId) { where.push('d.rack_id = ?'); args.push(q.rackId); }
  if (q.text) {
    where.push(`(d.name LIKE ? ESCAPE '\\' OR d.serial LIKE ? ESCAPE '\\' OR d.asset_tag LIKE ? ESCAPE '\\' OR d.primary_ip LIKE ? ESCAPE '\\')`);
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    args.push(like, like, like, like);
  }
  const whereSql = where.join(' AND ');
  const total = (db.prepare(`SELECT count(*) AS n FROM devices d WHERE ${whereSql}`).get(...args) as { n: number }).n;
  const order = SORT_SQL[q.sort]!.split(', ').map((c) => `${c} ${q.dir.toUpperCase()}`).join(', ');
  const ids = db.prepare(`SELECT d.id FROM devices d LEFT JOIN racks r ON r.id = d.rack_id LEFT JOIN sites s ON s.id = d.site_id WHERE ${whereSql}
    ORDER BY ${order}, d.id LIMIT ? OFFSET ?`).pluck().all(...args, q.limit, q.offset) as string[];
  return { ids, total };
}
