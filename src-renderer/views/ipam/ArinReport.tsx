// The ARIN report of a block: utilisation, every customer assignment with its justification,
// the reassignments to register (SWIP); printable (print CSS hides the app around it) and
// downloadable as CSV.
import { Button, Callout, HTMLSelect, HTMLTable, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import type { ArinAssignment } from '../../../shared/ipam-types';
import { formatDateTime } from '../../lib/format';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { ipamStore, useIpam } from './ipam-instance';
import { count } from './ui';
import { ROOT } from '../../stores/ipam-store';

export function ArinReportPanel() {
  const block = useIpam((s) => s.reportBlock);
  const report = useIpam((s) => s.report);
  const loading = useIpam((s) => s.reportLoading);
  const error = useIpam((s) => s.reportError);
  const roots = useIpam((s) => s.levels[ROOT]?.nodes ?? []);

  async function downloadCsv() {
    if (!block) return;
    try {
      const csv = await api.ipam.arinCsv.query({ block: block.ref, vrf: block.vrf });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `arin-${(report?.block.prefix ?? 'report').replace(/[/:]/g, '_')}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <div className="noc-ipam-report" data-testid="arin-report">
      <div className="noc-ipam-report-bar noc-no-print">
        <HTMLSelect value={block?.ref ?? ''} onChange={(e) => { const n = roots.find((r) => r.prefix.id === e.currentTarget.value); if (n) void ipamStore.getState().showReport(n.prefix.id, n.prefix.vrf); }}
          options={[...(block && !roots.some((r) => r.prefix.id === block.ref) && report ? [{ value: block.ref, label: report.block.prefix }] : []), { value: '', label: 'Choose a block…', disabled: true }, ...roots.map((r) => ({ value: r.prefix.id, label: `${r.prefix.prefix}${r.prefix.description ? ` — ${r.prefix.description}` : ''}` }))]}
          data-testid="arin-block" />
        <Button icon="print" text="Print" disabled={!report} onClick={() => window.print()} data-testid="arin-print" />
        <Button icon="download" text="CSV" disabled={!report} onClick={() => void downloadCsv()} data-testid="arin-csv" />
        {loading && <Spinner size={16} />}
      </div>
      {error && <Callout intent="danger">{error}</Callout>}
      {!block && <NonIdealState icon="document" title="ARIN report" description="Choose the block (e.g. your allocation from ARIN) to report on." />}
      {report && (
        <article className="noc-arin-page" data-testid="arin-page" data-block={report.block.prefix}>
          <header>
            <h2>ARIN utilisation report — <span className="noc-mono">{report.block.prefix}</span>{report.block.vrf && ` (VRF ${report.block.vrf})`}</h2>
            <div className="noc-muted">{report.block.description} · generated {formatDateTime(report.generatedAt)}</div>
          </header>
          <section className="noc-arin-summary" data-testid="arin-summary">
            <Figure label="Total" value={count(report.total)} />
            <Figure label="Assigned" value={`${count(report.assigned)} (${report.assignedPercent.toFixed(2)} %)`} />
            <Figure label="Reserved" value={`${count(report.reserved)} (${report.reservedPercent.toFixed(2)} %)`} />
            <Figure label="Free" value={count(report.free)} />
            <div className="noc-arin-bar" aria-hidden>
              <span className="noc-arin-bar-assigned" style={{ width: `${report.assignedPercent}%` }} />
              <span className="noc-arin-bar-reserved" style={{ width: `${report.reservedPercent}%` }} />
            </div>
          </section>
          <h3>Reassignments to register (SWIP: IPv4 /29 and larger, IPv6 /47 and larger) — {report.swip.length}</h3>
          <Assignments rows={report.swip} testId="arin-swip" />
          <h3>All customer assignments — {report.assignments.length}</h3>
          <Assignments rows={report.assignments} testId="arin-assignments" />
        </article>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return <div className="noc-arin-figure"><div className="noc-muted">{label}</div><div className="noc-arin-figure-value">{value}</div></div>;
}

function Assignments({ rows, testId }: { rows: ArinAssignment[]; testId: string }) {
  if (rows.length === 0) return <div className="noc-muted">None.</div>;
  return (
    <HTMLTable compact striped className="noc-arin-table" data-testid={testId}>
      <thead><tr><th>Assignment</th><th>Size</th><th>Customer</th><th>Device</th><th>Since</th><th>Justification</th></tr></thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.id} data-testid="arin-row" data-assignment={a.assignment}>
            <td className="noc-mono">{a.assignment}{a.swip && <Tag minimal intent="primary" className="noc-arin-swip">SWIP</Tag>}</td>
            <td>{count(a.size)}</td>
            <td>{a.customerName ?? a.customerId}</td>
            <td>{a.deviceName ?? ''}</td>
            <td>{a.assignedAt ? formatDateTime(a.assignedAt).slice(0, 10) : ''}</td>
            <td>{a.missingJustification ? <span className="noc-danger">missing</span> : a.justification}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
