// Small pieces the business views share: choice tags, money, dates, errors.
import { Callout, Tag, type Intent as BpIntent } from '@blueprintjs/core';
import type { Choice, Intent } from '../../../shared/choices';
import { formatDateTime } from '../../lib/format';
import type { FormError } from '../../lib/errors';
import './business.css';

export { Field } from '../device/FieldError';

export function ChoiceTag<V extends string>({ table, value, minimal = true, testId }: { table: readonly Choice<V>[]; value: V; minimal?: boolean; testId?: string }) {
  const c = table.find((x) => x.value === value);
  return <Tag minimal={minimal} intent={(c?.intent ?? 'none') as BpIntent} data-testid={testId}>{c?.label ?? value}</Tag>;
}

export function intentOf(i: Intent): BpIntent {
  return i as BpIntent;
}

export function Money({ cents, currency }: { cents: number; currency: string }) {
  return <span className="noc-mono">{(cents / 100).toFixed(2)} {currency}</span>;
}

export function When({ at }: { at: string | null }) {
  return <span className="noc-mono" title={at ?? ''}>{at ? formatDateTime(at) : '—'}</span>;
}

export function Day({ at }: { at: string | null }) {
  return <span className="noc-mono">{at ? at.slice(0, 10) : '—'}</span>;
}

export function FormMessage({ err, testId }: { err: FormError; testId?: string }) {
  return err.message ? <Callout intent="danger" compact data-testid={testId ?? 'form-error'}>{err.message}</Callout> : null;
}

/** "in 2 h 05 min" / "4 min ago", for SLA countdowns. */
export function countdown(ms: number): string {
  const abs = Math.abs(ms);
  const m = Math.round(abs / 60_000);
  const text = m >= 60 * 24 ? `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h` : m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
  return ms >= 0 ? `in ${text}` : `${text} overdue`;
}

export const CUSTOMER_EDITORS = new Set(['admin', 'provisioning', 'billing']);
export const RENTAL_EDITORS = new Set(['admin', 'provisioning']);
export const QA_WORKERS = new Set(['admin', 'technician', 'provisioning']);
export const AGENTS = new Set(['admin', 'technician', 'provisioning', 'billing']);
