// Queue settings (admins): who is in a queue, round-robin on or off, and new queues.
// Everyone: start and end their own shift (round-robin gives tickets only to people on shift).
import { Button, Dialog, DialogBody, DialogFooter, InputGroup, Switch } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { formErrorOf, NO_ERROR, type FormError } from '../../lib/errors';
import { useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { useLive } from '../customers/live';
import { Field, FormMessage } from '../customers/ui';

export function ShiftSwitch() {
  const me = useNoc((s) => s.actor?.name);
  const agents = useLive(() => api.tickets.agents.query(), [], ['ticket_agents']);
  const mine = agents.data?.find((a) => a.name === me);
  if (!me) return null;
  return <Switch inline checked={mine?.onShift ?? false} label="On shift" data-testid="shift-switch" style={{ margin: 0 }}
    onChange={(e) => void api.tickets.setShift.mutate({ name: me, onShift: e.currentTarget.checked }).catch((err: unknown) => toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) }))} />;
}

export function QueueDialog({ queueKey, isOpen, onClose }: { queueKey: string; isOpen: boolean; onClose(): void }) {
  const queues = useLive(() => (isOpen ? api.tickets.queues.query() : Promise.resolve([])), [isOpen], ['ticket_queues']);
  const queue = queues.data?.find((q) => q.key === queueKey);
  const [members, setMembers] = useState('');
  const [roundRobin, setRoundRobin] = useState(true);
  const [newKey, setNewKey] = useState('');
  const [newName, setNewName] = useState('');
  const [err, setErr] = useState<FormError>(NO_ERROR);
  useEffect(() => { if (queue) { setMembers(queue.members.join(', ')); setRoundRobin(queue.roundRobin); } setErr(NO_ERROR); }, [queue]);
  async function save() {
    try {
      if (queue) await api.tickets.updateQueue.mutate({ id: queue.id, patch: { members: members.split(/[\s,]+/).filter(Boolean), roundRobin } });
      if (newKey) await api.tickets.createQueue.mutate({ key: newKey, name: newName || newKey, members: [], roundRobin: true });
      toast({ intent: 'success', message: 'Queues saved' });
      onClose();
    } catch (e) {
      setErr(formErrorOf(e, 'patch.'));
    }
  }
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={`Queue ${queue?.name ?? queueKey}`} data-testid="queue-dialog">
      <DialogBody>
        <div className="noc-form">
          {queue && <>
            <Field label="Members (user names, in round-robin order)" name="members" errors={err.fields}><InputGroup value={members} onChange={(e) => setMembers(e.currentTarget.value)} placeholder="ann, bob, cid" /></Field>
            <Switch checked={roundRobin} label="Round-robin new tickets among members on shift" onChange={(e) => setRoundRobin(e.currentTarget.checked)} />
          </>}
          <h4 className="noc-section-title">New queue</h4>
          <div className="noc-form-grid">
            <Field label="Key" name="key" errors={err.fields}><InputGroup value={newKey} onChange={(e) => setNewKey(e.currentTarget.value)} placeholder="colo-moves" /></Field>
            <Field label="Name" name="name" errors={err.fields}><InputGroup value={newName} onChange={(e) => setNewName(e.currentTarget.value)} placeholder="Colocation moves" /></Field>
          </div>
          <FormMessage err={err} />
        </div>
      </DialogBody>
      <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button intent="primary" text="Save" onClick={() => void save()} /></>} />
    </Dialog>
  );
}
