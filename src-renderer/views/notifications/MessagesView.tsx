// The message center: messages (billing reminders, rentals ending, alarms on customers'
// servers, bandwidth, tickets, announcements), announcements to customers, the outbound
// mail queue (nothing leaves it silently), and the month-end overage report.
import { Button, Callout, HTMLTable, InputGroup, NonIdealState, Radio, RadioGroup, Tab, Tabs, Tag, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import { MAIL_STATUSES, MESSAGE_CATEGORIES } from '../../../shared/notifications';
import { formErrorOf, NO_ERROR, type FormError } from '../../lib/errors';
import { useNoc } from '../../stores';
import { openCustomer, openTicket } from '../../stores/customers-store';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive, type Out } from '../customers/live';
import { ChoiceTag, Field, FormMessage, When } from '../customers/ui';

export function MessagesView() {
  const role = useNoc((s) => s.actor?.role) ?? 'viewer';
  const [tab, setTab] = useState('inbox');
  return (
    <div className="noc-view" data-testid="messages-view" style={{ overflow: 'auto' }}>
      <div className="noc-biz-detail">
        <Tabs id="messages-tabs" selectedTabId={tab} onChange={(t) => setTab(String(t))} renderActiveTabPanelOnly large>
          <Tab id="inbox" title="Messages" panel={<Inbox />} />
          {role !== 'customer' && <Tab id="announce" title="Announcements" panel={<Announcements canSend={['admin', 'provisioning', 'billing'].includes(role)} />} />}
          {role !== 'customer' && <Tab id="mail" title="Mail queue" panel={<MailQueue />} />}
          {(role === 'admin' || role === 'billing') && <Tab id="overage" title="Overage report" panel={<Overage />} />}
        </Tabs>
      </div>
    </div>
  );
}

function Inbox() {
  const inbox = useLive(() => api.notifications.inbox.query({ limit: 200 }), [], ['inbox_messages', 'announcements']);
  const me = useNoc((s) => s.actor?.name) ?? '';
  const open = (m: Out['notifications']['inbox']['rows'][number]) => {
    void api.notifications.markRead.mutate({ ids: [m.id] });
    if (m.ref?.kind === 'ticket') openTicket(m.ref.id, '');
    else if (m.ref?.kind === 'customer') openCustomer(m.ref.id);
  };
  return (
    <div data-testid="inbox">
      <div className="noc-biz-head"><span className="noc-muted">{inbox.data?.unread ?? 0} unread</span><Button small text="Mark all read" onClick={() => void api.notifications.markRead.mutate({ ids: 'all' })} data-testid="inbox-read-all" /></div>
      {inbox.data?.rows.length === 0 && <NonIdealState icon="inbox" description="No messages." />}
      {inbox.data?.rows.map((m) => (
        <div key={m.id} className="noc-biz-row" onClick={() => open(m)} data-testid="inbox-row" style={{ fontWeight: m.readBy.includes(me) ? 400 : 600 }}>
          <When at={m.createdAt} />
          <ChoiceTag table={MESSAGE_CATEGORIES} value={m.category} />
          {m.severity !== 'info' && <Tag minimal intent={m.severity === 'critical' ? 'danger' : 'warning'}>{m.severity}</Tag>}
          <div className="noc-grow" title={m.body}>{m.title}</div>
        </div>
      ))}
      {(inbox.data?.announcements.length ?? 0) > 0 && <h4 className="noc-section-title">Announcements</h4>}
      {inbox.data?.announcements.map((a) => <div key={a.id} className="noc-msg"><div className="noc-msg-head"><b>{a.title}</b><When at={a.sentAt} /></div><div className="noc-prewrap">{a.body}</div></div>)}
    </div>
  );
}

function Announcements({ canSend }: { canSend: boolean }) {
  const list = useLive(() => api.notifications.announcements.query(), [], ['announcements']);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [toAll, setToAll] = useState(true);
  const [chosen, setChosen] = useState<Array<{ id: string; name: string }>>([]);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  async function send() {
    try {
      const a = await api.notifications.announce.mutate({ title, body, customerIds: toAll ? null : chosen.map((c) => c.id) });
      toast({ intent: 'success', message: `Sent to ${a.recipients} customers` });
      setTitle(''); setBody(''); setChosen([]); setErr(NO_ERROR);
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  return (
    <div>
      {canSend && (
        <div className="noc-form" style={{ maxWidth: 640 }}>
          <Field label="Title" name="title" errors={err.fields}><InputGroup value={title} onChange={(e) => setTitle(e.currentTarget.value)} /></Field>
          <Field label="Text (in the customers' message center and by e-mail)" name="body" errors={err.fields}><TextArea fill rows={4} value={body} onChange={(e) => setBody(e.currentTarget.value)} /></Field>
          <RadioGroup inline label="To" selectedValue={toAll ? 'all' : 'chosen'} onChange={(e) => setToAll(e.currentTarget.value === 'all')}>
            <Radio value="all" label="Every customer that is not Inactive" data-testid="announce-to-all" />
            <Radio value="chosen" label="Chosen customers" data-testid="announce-to-chosen" />
          </RadioGroup>
          {!toAll && (
            <Field label="Customers" name="customerIds" errors={err.fields}>
              <CustomerPicker chosen={chosen} onChange={(c) => { setChosen(c); setErr(NO_ERROR); }} />
            </Field>
          )}
          <FormMessage err={err} />
          <Button intent="primary" icon="send-message" text="Send announcement" onClick={() => void send()} />
        </div>
      )}
      {list.data?.map((a) => <div key={a.id} className="noc-msg"><div className="noc-msg-head"><b>{a.title}</b><When at={a.sentAt} />{a.sentBy} · {a.recipients} recipients</div><div className="noc-prewrap">{a.body}</div></div>)}
    </div>
  );
}

function MailQueue() {
  const role = useNoc((s) => s.actor?.role);
  const q = useLive(() => api.notifications.mailQueue.query({ limit: 200 }), [], []);
  const status = useLive(() => api.notifications.mailStatus.query(), [], []);
  return (
    <div data-testid="mail-queue">
      {status.data && !status.data.configured && <Callout compact intent="warning" icon="envelope">No SMTP server is configured: {status.data.pending} message(s) wait in the queue and go out once one is (an administrator sets it below).</Callout>}
      {role === 'admin' && <MailSettingsForm onSaved={() => { q.reload(); status.reload(); }} />}
      <div className="noc-biz-head">
        {Object.entries(q.data?.counts ?? {}).map(([k, n]) => <Tag key={k} minimal>{k}: {n}</Tag>)}
        <Button small icon="refresh" onClick={() => { q.reload(); status.reload(); }} data-testid="mail-refresh" />
      </div>
      <HTMLTable compact striped className="noc-biz-table">
        <thead><tr><th>Queued</th><th>To</th><th>Subject</th><th>Status</th><th>Attempts</th><th>Next try / sent</th><th>Last error</th><th /></tr></thead>
        <tbody>
          {q.data?.rows.map((m) => (
            <tr key={m.id} data-testid="mail-row" data-status={m.status}>
              <td><When at={m.createdAt} /></td><td>{m.to.join(', ')}</td><td>{m.subject}</td>
              <td><ChoiceTag table={MAIL_STATUSES} value={m.status} /></td><td>{m.attempts}</td>
              <td><When at={m.sentAt ?? m.nextAttemptAt} /></td><td className="noc-danger">{m.lastError ?? ''}</td>
              <td>{(m.status === 'failed' || m.status === 'retrying') && <Button small text="Retry now" onClick={() => void api.notifications.retryMail.mutate({ id: m.id }).then(() => q.reload())} data-testid="mail-retry" />}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </div>
  );
}

function Overage() {
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const [report, setReport] = useState<Out['notifications']['overage'] | null>(null);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  async function run(email: boolean) {
    try {
      setReport(await api.notifications.overage.mutate({ month, email }));
      setErr(NO_ERROR);
      if (email) toast({ intent: 'success', message: 'The report is queued for the staff mailboxes.' });
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  return (
    <div>
      <div className="noc-biz-head">
        <Field label="Month" name="month" errors={err.fields} inline><InputGroup value={month} onChange={(e) => setMonth(e.currentTarget.value)} placeholder="YYYY-MM" /></Field>
        <Button text="Show" onClick={() => void run(false)} /><Button icon="envelope" text="E-mail to staff" onClick={() => void run(true)} data-testid="overage-email" />
      </div>
      <FormMessage err={err} />
      {report && (
        <>
          <div className="noc-muted">{report.customersChecked} customers checked, {report.withoutData} without usage data; source: {report.source}</div>
          <HTMLTable compact striped className="noc-biz-table">
            <thead><tr><th>Customer</th><th>Committed</th><th>95th percentile</th><th>Over</th><th>%</th></tr></thead>
            <tbody>{report.lines.map((l) => <tr key={l.customerId}><td>{l.customerName}</td><td>{l.committedMbps} Mbps</td><td>{l.p95Mbps} Mbps</td><td>{l.overMbps} Mbps</td><td>{l.percent.toFixed(0)} %</td></tr>)}</tbody>
          </HTMLTable>
        </>
      )}
    </div>
  );
}

function MailSettingsForm({ onSaved }: { onSaved(): void }) {
  const current = useLive(() => api.notifications.mailSettings.query(), [], []);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ host: '', port: '587', secure: false, user: '', password: '', from: '', publicUrl: '', staffEmails: '' });
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const edit = () => {
    const c = current.data;
    setForm({ host: c?.host ?? '', port: String(c?.port ?? 587), secure: c?.secure ?? false, user: c?.user ?? '', password: '', from: c?.from ?? '', publicUrl: c?.publicUrl ?? window.location.origin, staffEmails: (c?.staffEmails ?? []).join(', ') });
    setErr(NO_ERROR);
    setOpen(true);
  };
  async function save() {
    try {
      await api.notifications.setMailSettings.mutate({
        host: form.host, port: Number(form.port), secure: form.secure, user: form.user, ...(form.password ? { password: form.password } : {}),
        from: form.from, publicUrl: form.publicUrl, staffEmails: form.staffEmails.split(/[\s,]+/).filter(Boolean),
      });
      toast({ intent: 'success', message: 'E-mail settings saved; the queue is being sent.' });
      setOpen(false);
      current.reload();
      onSaved();
    } catch (e) {
      setErr(formErrorOf(e));
    }
  }
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  if (!open) return <div className="noc-biz-head"><span className="noc-muted">{current.data ? `SMTP ${current.data.host}:${current.data.port} as ${current.data.from}; links at ${current.data.publicUrl}` : 'SMTP not configured.'}</span><Button small icon="cog" text="E-mail settings" onClick={edit} data-testid="mail-settings-edit" /></div>;
  return (
    <div className="noc-form" style={{ maxWidth: 720 }}>
      <div className="noc-form-grid">
        <Field label="SMTP server" name="host" errors={err.fields}><InputGroup value={form.host} onChange={(e) => set('host', e.currentTarget.value)} placeholder="smtp.example.com" data-testid="mail-host" /></Field>
        <Field label="Port" name="port" errors={err.fields}><InputGroup value={form.port} onChange={(e) => set('port', e.currentTarget.value)} data-testid="mail-port" /></Field>
        <Field label="User" name="user" errors={err.fields}><InputGroup value={form.user} onChange={(e) => set('user', e.currentTarget.value)} /></Field>
        <Field label="Password (kept sealed; empty keeps the stored one)" name="password" errors={err.fields}><InputGroup type="password" value={form.password} onChange={(e) => set('password', e.currentTarget.value)} /></Field>
        <Field label="From" name="from" errors={err.fields}><InputGroup value={form.from} onChange={(e) => set('from', e.currentTarget.value)} placeholder="NOC <noc@example.com>" data-testid="mail-from" /></Field>
        <Field label="Public URL of this app (for links in e-mails)" name="publicUrl" errors={err.fields}><InputGroup value={form.publicUrl} onChange={(e) => set('publicUrl', e.currentTarget.value)} /></Field>
      </div>
      <Field label="Staff mailboxes (reports, datacenter notices)" name="staffEmails" errors={err.fields}><InputGroup value={form.staffEmails} onChange={(e) => set('staffEmails', e.currentTarget.value)} data-testid="mail-staff" /></Field>
      <label className="bp6-control bp6-switch"><input type="checkbox" checked={form.secure} onChange={(e) => setForm({ ...form, secure: e.currentTarget.checked })} /><span className="bp6-control-indicator" />Implicit TLS (port 465)</label>
      <FormMessage err={err} />
      <div className="noc-biz-head"><Button intent="primary" text="Save" onClick={() => void save()} data-testid="mail-save" /><Button text="Cancel" onClick={() => setOpen(false)} /></div>
    </div>
  );
}

/** Type to find customers, click to add; chosen ones show as removable tags. */
function CustomerPicker({ chosen, onChange }: { chosen: Array<{ id: string; name: string }>; onChange: (c: Array<{ id: string; name: string }>) => void }) {
  const [text, setText] = useState('');
  const found = useLive(() => (text.trim().length >= 2 ? api.customers.list.query({ text: text.trim(), limit: 8 }) : Promise.resolve(null)), [text], []);
  const rows = found.data?.rows ?? [];
  return (
    <div data-testid="announce-customers">
      <div>{chosen.map((c) => <Tag key={c.id} minimal onRemove={() => onChange(chosen.filter((x) => x.id !== c.id))} style={{ marginRight: 4 }}>{c.name}</Tag>)}</div>
      <InputGroup leftIcon="search" placeholder="Find a customer by name or e-mail" value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="announce-customer-search" />
      {rows.filter((r) => !chosen.some((c) => c.id === r.id)).map((r) => (
        <Button key={r.id} minimal small icon="add" text={r.name} onClick={() => { onChange([...chosen, { id: r.id, name: r.name }]); setText(''); }} data-testid="announce-customer-hit" />
      ))}
    </div>
  );
}
