// One rack on the floor, U by U from the top: what the inventory expects at the current U,
// a field for the serial or asset tag (typed, or a barcode scanner: a fast burst ending in
// Enter is taken wherever the focus is), buttons for what the eye sees (confirmed, missing,
// empty, an unexpected device), the rack's checklist, notes and photos' file names.
import { Button, ButtonGroup, Callout, Checkbox, FormGroup, InputGroup, Tag, TextArea } from '@blueprintjs/core';
import { useEffect, useRef, useState } from 'react';
import { WALK_RESULTS, type WalkResult } from '../../../shared/schemas/walks';
import { ScanBuffer } from '../../../shared/sync-walk-scanner';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLiveQuery, type Out } from '../sync/hooks';

type Plan = Out['walks']['plan'];
type Position = Plan['positions'][number];

const intentOf = (r: WalkResult) => WALK_RESULTS.find((x) => x.value === r)!.intent;
const labelOf = (r: WalkResult) => WALK_RESULTS.find((x) => x.value === r)!.label;

function firstOpen(plan: Plan): number {
  return plan.positions.find((p) => p.expected && !p.check)?.u ?? plan.positions[0]?.u ?? 1;
}

/** The next position below u that is walked on its own (not the upper part of a taller device). */
function nextBelow(plan: Plan, u: number): number {
  const below = plan.positions.filter((p) => p.u < u && !p.coveredBy);
  return below[0]?.u ?? u;
}

function nextAbove(plan: Plan, u: number): number {
  const above = plan.positions.filter((p) => p.u > u && !p.coveredBy);
  return above[above.length - 1]?.u ?? u;
}

export function RackWalk({ walkRackId, canWalk }: { walkRackId: string; canWalk: boolean }) {
  const plan = useLiveQuery(() => api.walks.plan.query({ walkRackId }), [walkRackId], ['walk_checks', 'walk_racks', 'devices']);
  const [u, setU] = useState<number | null>(null);
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<{ text: string; intent: 'success' | 'warning' | 'danger' | 'none' } | null>(null);
  const [notes, setNotes] = useState<string | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const scanner = useRef(new ScanBuffer());
  const p = plan.data;

  useEffect(() => {
    if (p && u === null) setU(p.walkRack.currentU ?? firstOpen(p)); // resumes where the walker was
    if (p && notes === null) setNotes(p.walkRack.notes);
  }, [p, u, notes]);

  const here: Position | undefined = p?.positions.find((x) => x.u === u);
  const done = p?.walkRack.status === 'done';

  /** To another U; after a result the message stays, so the walker sees what was recorded. */
  function go(next: number, keepOutcome = false) {
    setU(next);
    if (!keepOutcome) setOutcome(null);
    setNote('');
    if (canWalk && !done) void api.walks.position.mutate({ walkRackId, u: next }).catch(() => undefined);
    input.current?.focus();
  }

  async function submit(what: { code: string } | { result: WalkResult }) {
    if (!p || u === null) return;
    try {
      if ('code' in what) {
        const r = await api.walks.scan.mutate({ walkRackId, u, code: what.code, note });
        setOutcome({ text: r.outcome.explain, intent: intentOf(r.outcome.result) as 'success' | 'warning' | 'danger' | 'none' });
        if (r.outcome.result === 'ok') go(nextBelow(p, u), true);
      } else {
        await api.walks.mark.mutate({ walkRackId, u, result: what.result, note });
        setOutcome({ text: `U${u}: ${labelOf(what.result)}.`, intent: intentOf(what.result) as 'success' | 'warning' | 'danger' | 'none' });
        if (what.result === 'ok' || what.result === 'empty') go(nextBelow(p, u), true);
      }
      setCode('');
      plan.reload();
    } catch (err) {
      setOutcome({ text: err instanceof Error ? err.message : String(err), intent: 'danger' });
    }
  }

  // A scanner types wherever the focus is: a fast burst + Enter outside a text field is a scan.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const inField = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
      if (inField && t !== input.current) return;
      if (t === input.current) return; // the scan field handles its own Enter
      const scanned = scanner.current.feed(e.key, e.timeStamp || performance.now());
      if (scanned && canWalk && !done) void submit({ code: scanned });
      else if (e.key === 'ArrowDown' && p && u !== null) { e.preventDefault(); go(nextBelow(p, u)); }
      else if (e.key === 'ArrowUp' && p && u !== null) { e.preventDefault(); go(nextAbove(p, u)); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!p) return plan.error ? <Callout intent="danger">{plan.error}</Callout> : null;

  async function rackAction(what: 'finish' | 'reopen') {
    try {
      if (what === 'finish') await api.walks.finishRack.mutate({ walkRackId });
      else await api.walks.reopenRack.mutate({ walkRackId });
      plan.reload();
    } catch (err) {
      toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <div className="noc-walk-floor" data-testid="rack-walk" data-rack={p.rack.name}>
      <div className="noc-walk-units" data-testid="walk-units">
        {p.positions.map((x) => (
          <div key={x.u} className={`noc-walk-unit${x.u === u ? ' current' : ''}${x.coveredBy ? ' covered' : ''}`} onClick={() => !x.coveredBy && go(x.u)}
            data-testid="walk-unit" data-u={x.u} data-expected={x.expected?.name ?? ''} data-result={x.check?.result ?? ''}>
            <span className="noc-walk-u">U{x.u}</span>
            <span className="noc-grow">{x.expected ? x.expected.name : x.coveredBy ? '│' : <span className="noc-muted">empty</span>}</span>
            {x.check && <Tag minimal intent={intentOf(x.check.result)}>{labelOf(x.check.result)}</Tag>}
          </div>
        ))}
      </div>
      <div className="noc-walk-panel">
        <div className="noc-walk-expected" data-testid="walk-current">
          <b>Rack {p.rack.name} · U{u}</b>{' '}
          {here?.expected
            ? <>expects <b>{here.expected.name}</b> <span className="noc-muted">serial {here.expected.serial || '—'} · asset {here.expected.assetTag || '—'}{here.expected.heightU > 1 ? ` · ${here.expected.heightU}U` : ''}</span></>
            : <span className="noc-muted">expects nothing</span>}
        </div>
        <div className="noc-muted">
          {p.counts.unchecked} to check · {p.counts.ok} confirmed · {p.counts.missing + p.counts.unexpected + p.counts.wrong_u + p.counts.wrong_serial} discrepancies
        </div>
        {canWalk && !done && (
          <>
            <form className="noc-walk-scan" onSubmit={(e) => { e.preventDefault(); if (code.trim()) void submit({ code }); }}>
              <InputGroup inputRef={input} autoFocus large leftIcon="barcode" placeholder="Scan or type the serial / asset tag, then Enter" value={code}
                onChange={(e) => setCode(e.currentTarget.value)} data-testid="walk-scan"
                onKeyDown={(e) => { if (e.key === 'ArrowDown' && u !== null) { e.preventDefault(); go(nextBelow(p, u)); } else if (e.key === 'ArrowUp' && u !== null) { e.preventDefault(); go(nextAbove(p, u)); } }} />
            </form>
            <ButtonGroup>
              {here?.expected ? (
                <>
                  <Button icon="tick" intent="success" text="Seen, correct" onClick={() => void submit({ result: 'ok' })} data-testid="walk-mark-ok" />
                  <Button icon="cross" intent="danger" text="Missing" onClick={() => void submit({ result: 'missing' })} data-testid="walk-mark-missing" />
                </>
              ) : (
                <>
                  <Button icon="tick" text="Empty" onClick={() => void submit({ result: 'empty' })} data-testid="walk-mark-empty" />
                  <Button icon="warning-sign" intent="warning" text="Something unexpected here" onClick={() => void submit({ result: 'unexpected' })} data-testid="walk-mark-unexpected" />
                </>
              )}
              <Button icon="arrow-down" text="Next U" onClick={() => u !== null && go(nextBelow(p, u))} />
            </ButtonGroup>
            <InputGroup placeholder="Note for this U (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </>
        )}
        {outcome && <Callout intent={outcome.intent === 'none' ? 'primary' : outcome.intent} data-testid="walk-outcome">{outcome.text}</Callout>}

        <FormGroup label="Checklist">
          {p.walkRack.checklist.map((c) => (
            <Checkbox key={c.key} checked={c.done} disabled={!canWalk || done} label={`${c.label}${c.done && c.by ? ` — ${c.by}` : ''}`}
              onChange={(e) => { void api.walks.tick.mutate({ walkRackId, key: c.key, done: e.currentTarget.checked }).then(plan.reload); }} data-testid="walk-check-item" />
          ))}
        </FormGroup>
        {p.unplaced.length > 0 && <div className="noc-muted">Also in this rack, without a U: {p.unplaced.map((d) => d.name).join(', ')}</div>}
        <FormGroup label="Notes">
          <TextArea fill value={notes ?? ''} disabled={!canWalk || done} onChange={(e) => setNotes(e.currentTarget.value)}
            onBlur={() => { if (notes !== null && notes !== p.walkRack.notes) void api.walks.notes.mutate({ walkRackId, notes }); }} data-testid="walk-notes" />
        </FormGroup>
        <FormGroup label="Photos" helperText="Only the file names are kept with the walk; the photos stay where they were taken.">
          <div>{p.walkRack.photos.map((f) => <Tag key={f} minimal icon="media" className="noc-pad-left">{f}</Tag>)}</div>
          {canWalk && !done && <input type="file" accept="image/*" multiple onChange={(e) => { for (const f of Array.from(e.currentTarget.files ?? [])) void api.walks.addPhoto.mutate({ walkRackId, fileName: f.name }).then(plan.reload); e.currentTarget.value = ''; }} data-testid="walk-photo" />}
        </FormGroup>
        {canWalk && (done
          ? <Button icon="undo" text="Reopen this rack" onClick={() => void rackAction('reopen')} />
          : <Button icon="tick-circle" intent="primary" text="Rack done" onClick={() => void rackAction('finish')} data-testid="walk-rack-done" />)}
      </div>
    </div>
  );
}
