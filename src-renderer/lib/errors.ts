// Errors as a form shows them: one message, and messages per field next to the inputs.
// Sources: the shared zod schemas run in the renderer before sending, and tRPC errors
// from the core (`data.fieldErrors` from zod, `data.field` from a domain error).
import type { z } from 'zod';

export type FieldErrors = Record<string, string[]>;

export interface FormError {
  message: string | null;
  fields: FieldErrors;
}

export const NO_ERROR: FormError = { message: null, fields: {} };

/** zod issues keyed by dotted path ('specs.cpu'); a path prefix (e.g. 'patch.') can be dropped. */
export function zodFieldErrors(err: z.ZodError, dropPrefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    let key = issue.path.map(String).join('.') || '_';
    if (dropPrefix && key.startsWith(dropPrefix)) key = key.slice(dropPrefix.length);
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

interface ErrorShapeData {
  fieldErrors?: FieldErrors | null;
  field?: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Any thrown thing (TRPCClientError or not) as a form error. */
export function formErrorOf(err: unknown, dropPrefix = ''): FormError {
  const message = err instanceof Error ? err.message : String(err);
  const data: ErrorShapeData = isRecord(err) && isRecord(err.data) ? (err.data as ErrorShapeData) : {};
  const fields: FieldErrors = {};
  if (data.fieldErrors) {
    for (const [k, msgs] of Object.entries(data.fieldErrors)) {
      const key = dropPrefix && k.startsWith(dropPrefix) ? k.slice(dropPrefix.length) : k;
      fields[key] = msgs;
    }
    return { message: Object.keys(fields).length > 0 ? null : message, fields };
  }
  if (data.field) return { message: null, fields: { [data.field]: [message] } };
  return { message: humanMessage(message), fields };
}

/** tRPC puts zod's JSON in the message when no formatter ran; show something readable. */
function humanMessage(message: string): string {
  if (message.startsWith('[') || message.startsWith('{')) return 'The request was refused; check the fields.';
  return message;
}

export function firstError(fields: FieldErrors, key: string): string | undefined {
  return fields[key]?.[0];
}
