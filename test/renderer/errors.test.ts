import { describe, expect, it } from 'vitest';
import { setStatusInput } from '../../shared/schemas/inventory';
import { formErrorOf, zodFieldErrors } from '../../src-renderer/lib/errors';

describe('form errors', () => {
  it('keys zod issues by field', () => {
    const r = setStatusInput.safeParse({ id: 'x', status: 'faulty', reason: '' });
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(zodFieldErrors(r.error))).toEqual(['reason']);
  });

  it('takes field errors from a tRPC error (zod on the server), dropping a path prefix', () => {
    const err = Object.assign(new Error('bad'), { data: { fieldErrors: { 'patch.name': ['Keep names under 120 characters.'] }, field: null } });
    expect(formErrorOf(err, 'patch.')).toEqual({ message: null, fields: { name: ['Keep names under 120 characters.'] } });
  });

  it('puts a domain error next to its field', () => {
    const err = Object.assign(new Error('A device cannot go from x to y'), { data: { fieldErrors: null, field: 'status' } });
    expect(formErrorOf(err)).toEqual({ message: null, fields: { status: ['A device cannot go from x to y'] } });
  });

  it('keeps a plain message when there is no field', () => {
    expect(formErrorOf(new Error('Log in first.'))).toEqual({ message: 'Log in first.', fields: {} });
  });
});
