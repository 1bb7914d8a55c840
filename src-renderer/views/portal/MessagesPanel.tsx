// The customer's messages (rentals ending, bandwidth, tickets, billing) and the
// announcements sent to them. Opening a message marks it read for this login.
import { Button, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { MESSAGE_CATEGORIES } from '../../../shared/notifications';
import { useNoc } from '../../stores';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { ChoiceTag, When } from '../customers/ui';

export function MessagesPanel() {
  const inbox = useLive(() => api.notifications.inbox.query({ limit: 200 }), [], ['inbox_messages', 'announcements']);
  const me = useNoc((s) => s.actor?.name) ?? '';
  if (inbox.loading && !inbox.data) return <div className="noc-center"><Spinner size={24} /></div>;
  if (inbox.error) return <NonIdealState icon="error" description={inbox.error} />;
  const rows = inbox.data?.rows ?? [];
  const announcements = inbox.data?.announcements ?? [];
  const markRead = (ids: string[] | 'all') => void api.notifications.markRead.mutate({ ids }).then(inbox.reload);
  return (
    <div data-testid="portal-messages">
      <div className="noc-biz-head">
        <span className="noc-muted">{inbox.data?.unread ?? 0} unread</span>
        <Button small text="Mark all read" disabled={!inbox.data?.unread} onClick={() => markRead('all')} data-testid="portal-read-all" />
      </div>
      {rows.length === 0 && <p className="noc-muted">No messages.</p>}
      {rows.map((m) => {
        const unread = !m.readBy.includes(me);
        return (
          <div key={m.id} className={`noc-msg${unread ? ' noc-portal-unread' : ''}`} data-testid="portal-message" data-unread={unread} onClick={() => unread && markRead([m.id])}>
            <div className="noc-msg-head">
              <When at={m.createdAt} />
              <ChoiceTag table={MESSAGE_CATEGORIES} value={m.category} />
              {m.severity !== 'info' && <Tag minimal intent={m.severity === 'critical' ? 'danger' : 'warning'}>{m.severity}</Tag>}
            </div>
            <div><b>{m.title}</b></div>
            {m.body && <div className="noc-prewrap">{m.body}</div>}
          </div>
        );
      })}
      <h4 className="noc-section-title">Announcements</h4>
      {announcements.length === 0 && <p className="noc-muted">No announcements.</p>}
      {announcements.map((a) => (
        <div key={a.id} className="noc-msg" data-testid="portal-announcement">
          <div className="noc-msg-head"><b>{a.title}</b><When at={a.sentAt} /></div>
          <div className="noc-prewrap">{a.body}</div>
        </div>
      ))}
    </div>
  );
}
