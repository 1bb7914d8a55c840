// Acknowledge an alarm from the wall: who (asked when the wall is logged in with a shared
// token) and what is being done, both kept in the alarm's timeline.
import { Button, Callout, Dialog, DialogBody, DialogFooter, InputGroup, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import type { AlarmView } from '../../../shared/monitoring-types';
import { ackInput } from '../../../shared/schemas/monitoring';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FormError } from '../../lib/errors';
import { Field } from '../device/FieldError';

export function AckDialog({ alarm, askName, onAck, onClose }: { alarm: AlarmView | null; askName: boolean; onAck(id: string, comment: string, by?: string): Promise<unknown>; onClose(): void }) {
  const [comment, setComment] = useState('');
  const [by, setBy] = useState('');
  const [error, setError] = useState<FormError>(NO_ERROR);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!alarm) return;
    const parsed = ackInput.safeParse({ id: alarm.id, comment, by: askName ? by : undefined });
    if (!parsed.success) return setError({ message: null, fields: zodFieldErrors(parsed.error) });
    if (askName && !by.trim()) return setError({ message: null, fields: { by: ['Your name, so the team knows who is on it.'] } });
    setBusy(true);
    try {
      await onAck(alarm.id, parsed.data.comment, parsed.data.by);
      setComment('');
      setError(NO_ERROR);
      onClose();
    } catch (err) {
      setError(formErrorOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog isOpen={alarm !== null} onClose={onClose} title={alarm ? `Acknowledge: ${alarm.label}` : 'Acknowledge'} icon="tick-circle" className="bp6-dark">
      <div data-testid="ack-dialog">
      <DialogBody>
        {alarm && <p className="noc-muted">{alarm.state} — {alarm.message}</p>}
        {error.message && <Callout intent="danger" compact>{error.message}</Callout>}
        {askName && (
          <Field label="Your name" name="by" errors={error.fields}>
            <InputGroup value={by} onChange={(e) => setBy(e.target.value)} data-testid="ack-by" autoFocus />
          </Field>
        )}
        <Field label="What is being done" name="comment" errors={error.fields}>
          <TextArea fill value={comment} onChange={(e) => setComment(e.target.value)} data-testid="ack-comment" autoFocus={!askName}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(); }} />
        </Field>
      </DialogBody>
      <DialogFooter actions={<>
        <Button text="Cancel" onClick={onClose} />
        <Button intent="primary" text="Acknowledge" loading={busy} onClick={() => void submit()} data-testid="ack-submit" />
      </>} />
      </div>
    </Dialog>
  );
}
