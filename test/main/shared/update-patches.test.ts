// Every "update" input carries a patch of the fields to change. zod 4 applies .default()
// inside .partial(), so a patch built from a create schema would silently reset every field
// it leaves out (a description edit turning a reserved prefix active, dropping its customer).
// This checks every patch schema in shared/schemas: an empty patch parses to an empty patch.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'schemas');

async function patchSchemas(): Promise<Array<[string, ZodType]>> {
  const found: Array<[string, ZodType]> = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(join(DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const shape = (value as { shape?: Record<string, unknown> } | null)?.shape;
      if (shape && typeof shape === 'object' && 'patch' in shape) found.push([`${file} ${name}`, shape.patch as ZodType]);
    }
  }
  return found;
}

describe('update patches', () => {
  it('find the update schemas (the check below is not vacuous)', async () => {
    const names = (await patchSchemas()).map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['ipam.ts prefixUpdateInput', 'ipam.ts vlanUpdateInput', 'inventory.ts deviceUpdateInput']));
  });

  it('an empty patch stays empty: nothing left out is reset to a default', async () => {
    for (const [name, schema] of await patchSchemas()) {
      const parsed = schema.safeParse({});
      expect(parsed.success, name).toBe(true);
      expect(parsed.data, name).toEqual({});
    }
  });
});
