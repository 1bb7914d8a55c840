// Fields where a silent "later write wins" would hurt: when two sides change one of them
// concurrently (neither had seen the other's change), the server keeps its value, records a
// conflict with both values, and a person resolves it in the Conflicts view. Columns of one
// group conflict together (a rack position is rack + U + face + width, not four fields).
// Tables of other domains are listed by their column names; a column a table does not have
// is ignored, and a domain can add its own with registerGuardedFields().

export interface FieldGroup {
  /** Shown in the Conflicts view ("status", "rack position", "IP assignment", "rental"). */
  name: string;
  columns: readonly string[];
}

const registry = new Map<string, FieldGroup[]>([
  ['devices', [
    { name: 'status', columns: ['status'] },
    { name: 'rack position', columns: ['rack_id', 'position', 'face', 'width'] },
  ]],
  ['ipam_addresses', [{ name: 'IP assignment', columns: ['status', 'device_id', 'interface', 'customer_id', 'rental_id'] }]],
  ['ipam_prefixes', [{ name: 'IP assignment', columns: ['status', 'customer_id', 'rental_id'] }]],
  ['rentals', [{ name: 'rental', columns: ['customer_id', 'device_id', 'status', 'starts_at', 'ends_at', 'ended_at', 'end_path', 'monthly_price_cents', 'currency', 'committed_mbps', 'plan'] }]],
]);

export function guardedGroups(table: string): readonly FieldGroup[] {
  return registry.get(table) ?? [];
}

/** For a domain's own table: these columns conflict together instead of "later wins". */
export function registerGuardedFields(table: string, group: FieldGroup): void {
  const list = registry.get(table) ?? [];
  registry.set(table, [...list.filter((g) => g.name !== group.name), group]);
}
