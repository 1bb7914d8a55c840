// QA checklist templates (admins, technicians): ordered items, required or optional, manual
// or automatic (a registered check). A change to the items makes a new version; open runs
// keep theirs unless staff choose to move them, and the core's answer says which happened.
import { Button, Checkbox, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, Radio, RadioGroup, Switch, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ChecklistItem, ChecklistTemplate } from '../../../shared/staging';
import { firstError, formErrorOf, NO_ERROR, type FormError } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { Field, FormMessage } from '../customers/ui';

type Draft = Pick<ChecklistItem, 'key' | 'title' | 'required' | 'mode' | 'check' | 'params' | 'help'>;
const blankItem = (): Draft => ({ key: '', title: '', required: true, mode: 'manual', check: null, params: {}, help: '' });

export function TemplatesDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const templates = useLive(() => (isOpen ? api.staging.templates.query() : Promise.resolve([])), [isOpen], ['staging_templates']);
  const kinds = useLive(() => (isOpen ? api.staging.checkKinds.query() : Promise.resolve([])), [isOpen], []);
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const current = templates.data?.find((t) => t.id === selected) ?? null;
  useEffect(() => { if (!isOpen) setSelected(null); }, [isOpen]);
  useEffect(() => { if (isOpen && selected === null && templates.data) setSelected(templates.data[0]?.id ?? 'new'); }, [isOpen, selected, templates.data]);

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="QA checklists" style={{ width: 980 }}>
      <DialogBody>
        <div style={{ display: 'flex', gap: 16 }}>
          <div style={{ width: 220, flex: 'none' }} data-testid="template-list">
            {(templates.data ?? []).map((t) => (
              <div key={t.id} className={`noc-biz-row${t.id === selected ? ' selected' : ''}`} onClick={() => setSelected(t.id)} data-testid="template-row" data-name={t.name}>
                <div className="noc-grow">{t.name} <span className="noc-muted">v{t.version}</span></div>
                {t.isDefault && <Tag minimal intent="primary">default</Tag>}
              </div>
            ))}
            {templates.data?.length === 0 && <div className="noc-muted" style={{ padding: 6 }}>None yet: servers follow the built-in checklist.</div>}
            <Button small icon="add" text="New checklist" onClick={() => setSelected('new')} style={{ marginTop: 8 }} data-testid="template-new" />
          </div>
          <div className="noc-grow" style={{ minWidth: 0 }}>
            {selected && <TemplateEditor key={selected} template={selected === 'new' ? null : current} kinds={kinds.data ?? []} onSaved={(id) => setSelected(id)} onRemoved={() => setSelected(null)} />}
          </div>
        </div>
      </DialogBody>
      <DialogFooter actions={<Button text="Close" onClick={onClose} data-testid="templates-close" />} />
    </Dialog>
  );
}

function TemplateEditor({ template, kinds, onSaved, onRemoved }: {
  template: ChecklistTemplate | null;
  kinds: Array<{ kind: string; label: string; available: boolean; why: string | null }>;
  onSaved(id: string): void;
  onRemoved(): void;
}) {
  const [name, setName] = useState(template?.name ?? '');
  const [types, setTypes] = useState<Array<'server' | 'vm'>>((template?.deviceTypes as Array<'server' | 'vm'> | undefined) ?? ['server']);
  const [isDefault, setIsDefault] = useState(template?.isDefault ?? false);
  const [items, setItems] = useState<Draft[]>(template?.items.map((i) => ({ ...i })) ?? [blankItem()]);
  const [openRuns, setOpenRuns] = useState<'keep' | 'upgrade'>('keep');
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const [saved, setSaved] = useState<string | null>(null);

  const setItem = (i: number, patch: Partial<Draft>) => setItems((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: -1 | 1) => setItems((xs) => {
    const out = [...xs];
    const [it] = out.splice(i, 1);
    out.splice(i + by, 0, it!);
    return out;
  });
  const toggleType = (t: 'server' | 'vm') => setTypes((xs) => (xs.includes(t) ? xs.filter((x) => x !== t) : [...xs, t]));

  async function save() {
    setErr(NO_ERROR);
    setSaved(null);
    try {
      if (template) {
        const r = await api.staging.updateTemplate.mutate({ id: template.id, name, deviceTypes: types, isDefault, items, openRuns });
        setSaved(r.message);
        toast({ intent: 'success', message: `${r.template.name}: ${r.message}` });
      } else {
        const t = await api.staging.createTemplate.mutate({ name, deviceTypes: types, isDefault, items });
        toast({ intent: 'success', message: `Created ${t.name}` });
        onSaved(t.id);
      }
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  async function remove() {
    if (!template) return;
    try {
      const r = await api.staging.removeTemplate.mutate({ id: template.id });
      toast({ intent: 'success', message: r.openRuns ? `Removed ${template.name}; ${r.openRuns} open runs finish on the version they follow.` : `Removed ${template.name}` });
      onRemoved();
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  const itemErr = (i: number, f: string) => firstError(err.fields, `items.${i}.${f}`);

  return (
    <div className="noc-form" data-testid="template-editor" data-template={template?.name ?? ''}>
      <div className="noc-form-grid">
        <Field label="Name" name="name" errors={err.fields}><InputGroup value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="template-name" /></Field>
        <Field label="For" name="deviceTypes" errors={err.fields}>
          <Checkbox inline label="Servers" checked={types.includes('server')} onChange={() => toggleType('server')} />
          <Checkbox inline label="VMs" checked={types.includes('vm')} onChange={() => toggleType('vm')} />
        </Field>
      </div>
      <Switch checked={isDefault} label="Default checklist for new servers of these types" onChange={(e) => setIsDefault(e.currentTarget.checked)} data-testid="template-default" />
      <h4 className="noc-section-title">Items, in order {template && <span className="noc-muted">(version {template.version})</span>}</h4>
      {firstError(err.fields, 'items') && <div className="bp6-form-helper-text" style={{ color: 'var(--noc-danger, #e76a6e)' }} data-testid="field-error-items">{firstError(err.fields, 'items')}</div>}
      {items.map((it, i) => (
        <div key={i} className="noc-check-item" data-testid="template-item" style={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <span className="noc-muted noc-mono">{i + 1}.</span>
          <InputGroup small placeholder="key" value={it.key} onChange={(e) => setItem(i, { key: e.currentTarget.value })} style={{ width: 120 }} intent={itemErr(i, 'key') ? 'danger' : 'none'} title={itemErr(i, 'key')} data-testid="item-key" />
          <InputGroup small placeholder="What to check" value={it.title} onChange={(e) => setItem(i, { title: e.currentTarget.value })} style={{ width: 240 }} intent={itemErr(i, 'title') ? 'danger' : 'none'} data-testid="item-title" />
          <Checkbox inline label="required" checked={it.required} onChange={(e) => setItem(i, { required: e.currentTarget.checked })} style={{ margin: 0 }} data-testid="item-required" />
          <HTMLSelect minimal value={it.mode} onChange={(e) => setItem(i, { mode: e.currentTarget.value as Draft['mode'], check: e.currentTarget.value === 'manual' ? null : it.check })} data-testid="item-mode">
            <option value="manual">manual</option>
            <option value="automatic">automatic</option>
          </HTMLSelect>
          {it.mode === 'automatic' && (
            <HTMLSelect minimal value={it.check ?? ''} onChange={(e) => setItem(i, { check: e.currentTarget.value || null })} data-testid="item-check">
              <option value="">— choose a check —</option>
              {kinds.map((k) => <option key={k.kind} value={k.kind} title={k.why ?? ''}>{k.label}{k.available ? '' : ' (not available here)'}</option>)}
            </HTMLSelect>
          )}
          <span className="noc-topbar-spacer" />
          <Button small variant="minimal" icon="arrow-up" disabled={i === 0} onClick={() => move(i, -1)} title="Move up" />
          <Button small variant="minimal" icon="arrow-down" disabled={i === items.length - 1} onClick={() => move(i, 1)} title="Move down" />
          <Button small variant="minimal" icon="trash" onClick={() => setItems((xs) => xs.filter((_, j) => j !== i))} title="Remove item" />
          {(['key', 'title', 'check'] as const).map((f) => itemErr(i, f) && <div key={f} style={{ flexBasis: '100%', color: 'var(--noc-danger, #e76a6e)', fontSize: 12 }} data-testid={`field-error-items.${i}.${f}`}>{itemErr(i, f)}</div>)}
        </div>
      ))}
      <Button small icon="add" text="Add item" onClick={() => setItems((xs) => [...xs, blankItem()])} data-testid="template-add-item" />
      {template && (
        <RadioGroup label="Servers already in Staging on this checklist" selectedValue={openRuns} onChange={(e) => setOpenRuns(e.currentTarget.value as 'keep' | 'upgrade')} inline>
          <Radio value="keep" label="keep their version until finished" />
          <Radio value="upgrade" label="move to the new version (results kept by item key)" data-testid="template-upgrade-runs" />
        </RadioGroup>
      )}
      <FormMessage err={err} testId="template-error" />
      {saved && <div className="noc-muted" data-testid="template-saved">{saved}</div>}
      <div style={{ display: 'flex', gap: 8 }}>
        <Button intent="primary" text={template ? 'Save' : 'Create checklist'} onClick={() => void save()} data-testid="template-save" />
        {template && <Button intent="danger" variant="minimal" text="Remove" onClick={() => void remove()} />}
      </div>
    </div>
  );
}
