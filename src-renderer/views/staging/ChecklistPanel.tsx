// A server's QA checklist: each item with its result (who, when, note, evidence),
// pass/fail by hand, the automatic checks, burn-in results, and "Make Available" — which
// the core refuses, naming the open items, until every required item has passed.
import { Button, Callout, Icon, InputGroup, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { RESULT_STATUSES, type RunItemView } from '../../../shared/staging';
import { formErrorOf, NO_ERROR, type FormError } from '../../lib/errors';
import { useNoc } from '../../stores';
import { businessStore } from '../../stores/customers-store';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { ChoiceTag, FormMessage, QA_WORKERS, When } from '../customers/ui';

export function ChecklistPanel({ deviceId }: { deviceId: string }) {
  const role = useNoc((s) => s.actor?.role) ?? 'viewer';
  const view = useLive(() => api.staging.view.query({ deviceId }), [deviceId], ['staging_runs', 'staging_results', 'staging_templates', 'devices']);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState<string | null>(null);
  const [hours, setHours] = useState('24');
  const canWork = QA_WORKERS.has(role);
  if (view.loading && !view.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (view.error) return <NonIdealState icon="error" description={view.error} />;
  if (!view.data) return null;
  const v = view.data;

  async function act(name: string, fn: () => Promise<unknown>, ok?: string) {
    setBusy(name);
    setErr(NO_ERROR);
    try {
      await fn();
      if (ok) toast({ intent: 'success', icon: 'tick', message: ok });
      view.reload();
    } catch (e) {
      setErr(formErrorOf(e));
    } finally {
      setBusy(null);
    }
  }
  const runId = v.run?.id;
  const open = () => act('open', () => api.staging.open.mutate({ deviceId }));

  return (
    <div data-testid="checklist" data-device={v.deviceName}>
      <div className="noc-biz-head">
        <h2>{v.deviceName}</h2>
        <Tag minimal>{v.template ? `${v.template.name} v${v.template.version}` : 'no checklist'}</Tag>
        <span className="noc-muted" data-testid="checklist-progress">{v.done}/{v.total} done</span>
        <span className="noc-topbar-spacer" />
        <Button variant="minimal" icon="cross" onClick={() => businessStore.setState({ stagingDeviceId: null })} />
      </div>
      {v.newerTemplateVersion && <Callout compact intent="primary">This run follows version {v.template?.version}; the checklist is at version {v.newerTemplateVersion} now. It keeps its version until finished.</Callout>}
      {!runId && canWork && <Callout compact icon="clipboard">QA has not started for this server. <Button small intent="primary" text="Start QA" onClick={() => void open()} loading={busy === 'open'} data-testid="qa-start" /></Callout>}
      <div data-testid="checklist-items">
        {v.items.map((item) => <ItemRow key={item.key} item={item} runId={runId} canWork={canWork} busy={busy} act={act} />)}
      </div>
      {runId && canWork && (
        <div className="noc-biz-head" style={{ marginTop: 12 }}>
          <Button icon="automatic-updates" text="Run automatic checks" loading={busy === 'auto'} onClick={() => void act('auto', () => api.staging.runAutomatic.mutate({ runId }))} data-testid="qa-run-auto" />
          <InputGroup style={{ width: 80 }} value={hours} onChange={(e) => setHours(e.currentTarget.value)} rightElement={<Tag minimal>h</Tag>} data-testid="burnin-hours" />
          <Button icon="flame" text="Burn-in passed" onClick={() => void act('burn', () => api.staging.burnIn.mutate({ runId, hours: Number(hours), passed: true, tool: 'manual entry' }))} data-testid="burnin-pass" />
          <Button icon="flame" intent="danger" variant="minimal" text="Burn-in failed" onClick={() => void act('burn', () => api.staging.burnIn.mutate({ runId, hours: Number(hours), passed: false, tool: 'manual entry' }))} />
          <label className="bp6-button bp6-minimal" title="stress-ng output, or a summary with hours: N and result: pass|fail">
            <Icon icon="import" /> <span className="bp6-button-text">Import burn-in log…</span>
            {/* The summary is at the end of a long log: the last 100,000 characters are enough. */}
            <input type="file" hidden data-testid="burnin-import" onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void act('burn', async () => api.staging.importBurnIn.mutate({ runId, output: (await file.text()).slice(-100_000) }));
            }} />
          </label>
        </div>
      )}
      <FormMessage err={err} testId="qa-error" />
      {err.fields.status && <Callout intent="danger" compact data-testid="qa-error">{err.fields.status[0]}</Callout>}
      {canWork && (
        <Button intent="success" icon="tick-circle" text="Make Available" style={{ marginTop: 12 }} loading={busy === 'release'} data-testid="qa-release"
          onClick={() => void act('release', () => api.staging.release.mutate({ deviceId, reason: 'QA checklist passed' }), `${v.deviceName} is Available`)} />
      )}
    </div>
  );
}

function ItemRow({ item, runId, canWork, busy, act }: { item: RunItemView; runId: string | undefined; canWork: boolean; busy: string | null; act(name: string, fn: () => Promise<unknown>): Promise<void> }) {
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState('');
  const r = item.result;
  const icon = item.status === 'passed' ? 'tick-circle' : item.status === 'failed' ? 'error' : item.status === 'skipped' ? 'remove' : 'circle';
  // An automatic item passes by hand only where its check said it cannot run here (the core
  // enforces this too); a burn-in only on its entered or imported result.
  const canPassByHand = item.mode === 'manual' || (item.check !== 'burn-in' && r?.method === 'not run');
  const record = (status: 'passed' | 'failed' | 'skipped') => runId && act(`${item.key}:${status}`, () => api.staging.record.mutate({ runId, itemKey: item.key, status, note, evidence: evidence.split(/[\s,]+/).filter(Boolean) }));
  return (
    <div className="noc-check-item" data-testid="check-item" data-key={item.key} data-status={item.status}>
      <Icon icon={icon} intent={item.status === 'passed' ? 'success' : item.status === 'failed' ? 'danger' : 'none'} />
      <div className="noc-grow">
        <div>{item.title} {item.required ? <Tag minimal>required</Tag> : <Tag minimal intent="none">optional</Tag>} {item.mode === 'automatic' && <Tag minimal intent="primary" icon="automatic-updates">{item.check}</Tag>} <ChoiceTag table={RESULT_STATUSES} value={item.status} /></div>
        {item.help && <div className="noc-biz-sub">{item.help}</div>}
        {r && <div className="noc-biz-sub">{r.by} · <When at={r.at} /> · {r.method}{r.detail ? ` · ${r.detail}` : ''}{r.note ? ` · “${r.note}”` : ''}{r.evidence.length ? ` · evidence: ${r.evidence.join(', ')}` : ''}</div>}
        {runId && canWork && item.status !== 'passed' && (
          <div className="noc-form-row" style={{ marginTop: 4 }}>
            <InputGroup small placeholder={item.mode === 'automatic' && canPassByHand ? 'How you checked it by hand (required to pass)' : 'Note'} value={note} onChange={(e) => setNote(e.currentTarget.value)} className="noc-grow" data-testid="check-note" />
            <InputGroup small placeholder="Evidence (file names, URLs)" value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} className="noc-grow" />
            {canPassByHand
              ? <Button small intent="success" text="Pass" loading={busy === `${item.key}:passed`} onClick={() => void record('passed')} data-testid="check-pass" />
              : <span className="noc-muted" data-testid="check-auto-only">{item.check === 'burn-in' ? 'Passes on a burn-in result' : 'Passes by its automatic check'}</span>}
            <Button small intent="danger" variant="minimal" text="Fail" onClick={() => void record('failed')} data-testid="check-fail" />
            {!item.required && <Button small variant="minimal" text="Skip" onClick={() => void record('skipped')} />}
          </div>
        )}
      </div>
    </div>
  );
}
