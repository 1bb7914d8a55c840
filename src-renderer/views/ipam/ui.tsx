// Small pieces the IPAM views share: choice tags, the utilisation bar, number formats.
import { Tag } from '@blueprintjs/core';
import type { Choice } from '../../../shared/choices';
import { formatCount } from '../../../shared/ipam';
import type { Utilisation } from '../../../shared/ipam-types';

export const IPAM_EDITORS = new Set(['admin', 'technician', 'provisioning']);

export function ChoiceTag<V extends string>({ table, value, minimal = false }: { table: readonly Choice<V>[]; value: V; minimal?: boolean }) {
  const c = table.find((x) => x.value === value);
  return <Tag minimal={minimal} intent={c?.intent ?? 'none'} className="noc-ipam-tag">{c?.label ?? value}</Tag>;
}

export function count(text: string): string {
  return formatCount(BigInt(text));
}

/** A bar with the used share; colour warns from 80 % and alarms from 95 %. */
export function UsageBar({ usage, wide = false }: { usage: Utilisation; wide?: boolean }) {
  const pct = usage.percent;
  const level = pct >= 95 ? 'danger' : pct >= 80 ? 'warning' : 'ok';
  return (
    <span className={`noc-ipam-usage${wide ? ' noc-ipam-usage-wide' : ''}`} title={`${count(usage.used)} of ${count(usage.size)} used (${pct.toFixed(1)} %)`} data-testid="ipam-usage" data-percent={pct}>
      <span className="noc-ipam-usage-track"><span className={`noc-ipam-usage-fill noc-ipam-usage-${level}`} style={{ width: `${Math.min(100, pct)}%` }} /></span>
      <span className="noc-ipam-usage-pct">{pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)} %</span>
    </span>
  );
}
