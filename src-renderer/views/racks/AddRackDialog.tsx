// Add a rack, in an existing room or a new one, at an existing site or a new one. Every
// part is checked with the shared schemas first; the core makes them in one transaction.
import { Button, Callout, Dialog, DialogBody, DialogFooter, HTMLSelect, InputGroup, NumericInput } from '@blueprintjs/core';
import { useMemo, useState, type FormEvent } from 'react';
import { rackInput, roomInput, siteInput } from '../../../shared/schemas/inventory';
import { formErrorOf, NO_ERROR, zodFieldErrors, type FieldErrors, type FormError } from '../../lib/errors';
import { nocStore, useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { Field } from '../device/FieldError';

const NEW = '__new__';
/** The core's field paths (racks.addRack input) → this dialog's fields. */
const SERVER_FIELDS: Record<string, string> = { 'site.name': 'siteName', 'site.code': 'siteCode', site: 'siteId', 'room.name': 'roomName', room: 'roomId', 'rack.name': 'rackName', 'rack.heightU': 'heightU' };

interface Draft { siteId: string; siteName: string; siteCode: string; roomId: string; roomName: string; rackName: string; heightU: number | null }
// roomId '' = not chosen yet: the site's first room, or a new one where it has none.
const EMPTY: Draft = { siteId: NEW, siteName: '', siteCode: '', roomId: '', roomName: '', rackName: '', heightU: 42 };

/** Field errors of one schema, under the dialog's own field names. */
function check<T>(result: { success: true; data: T } | { success: false; error: Parameters<typeof zodFieldErrors>[0] }, names: Record<string, string>, into: FieldErrors): T | null {
  if (result.success) return result.data;
  for (const [k, msgs] of Object.entries(zodFieldErrors(result.error))) into[names[k] ?? k] = msgs;
  return null;
}

export function AddRackDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const tree = useNoc((s) => s.racks.tree);
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, siteId: tree?.[0]?.site.id ?? NEW }));
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(NO_ERROR);
  const rooms = useMemo(() => tree?.find((n) => n.site.id === draft.siteId)?.rooms.map((r) => r.room) ?? [], [tree, draft.siteId]);
  const roomId = draft.roomId === NEW ? NEW : rooms.some((r) => r.id === draft.roomId) ? draft.roomId : rooms[0]?.id ?? NEW;
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((cur) => ({ ...cur, [k]: v }));

  function close() {
    setErr(NO_ERROR);
    setDraft({ ...EMPTY, siteId: tree?.[0]?.site.id ?? NEW });
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields: FieldErrors = {};
    // A placeholder id stands in for the site/room not made yet: only the names are checked here.
    const placeholder = '00000000-0000-7000-8000-000000000000';
    const site = draft.siteId === NEW ? check(siteInput.safeParse({ name: draft.siteName, code: draft.siteCode }), { name: 'siteName', code: 'siteCode' }, fields) : null;
    const room = roomId === NEW ? check(roomInput.safeParse({ siteId: placeholder, name: draft.roomName }), { name: 'roomName' }, fields) : null;
    const rack = check(rackInput.safeParse({ roomId: placeholder, name: draft.rackName, heightU: draft.heightU ?? Number.NaN }), { name: 'rackName' }, fields);
    if (Object.keys(fields).length > 0 || !rack) {
      setErr({ message: null, fields });
      return;
    }
    setBusy(true);
    setErr(NO_ERROR);
    try {
      // One call, one transaction in the core: the site, room and rack all or none.
      const made = await api.racks.addRack.mutate({ site: site ?? { id: draft.siteId }, room: room ? { name: room.name } : { id: roomId }, rack: { name: rack.name, heightU: rack.heightU } });
      toast({ intent: 'success', icon: 'add', message: `Rack ${made.name} added (${made.heightU}U).` });
      close();
      await nocStore.getState().refreshRacks();
      await nocStore.getState().selectRack(made.id);
    } catch (error) {
      const f = formErrorOf(error);
      setErr({ message: f.message, fields: Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [SERVER_FIELDS[k] ?? k, v])) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog isOpen={isOpen} onClose={close} title="Add a rack" icon="add">
      <form onSubmit={(e) => void submit(e)}>
        <DialogBody>
          <div className="noc-form-grid">
            <Field label="Site" labelFor="rack-site" name="siteId" errors={err.fields}>
              <HTMLSelect id="rack-site" data-testid="rack-site" fill value={draft.siteId} onChange={(e) => setDraft((cur) => ({ ...cur, siteId: e.currentTarget.value, roomId: '' }))}
                options={[...(tree ?? []).map((n) => ({ value: n.site.id, label: `${n.site.code} · ${n.site.name}` })), { value: NEW, label: 'New site…' }]} />
            </Field>
            <Field label="Room" labelFor="rack-room" name="roomId" errors={err.fields}>
              <HTMLSelect id="rack-room" data-testid="rack-room" fill value={roomId} onChange={(e) => set('roomId')(e.currentTarget.value)}
                options={[...rooms.map((r) => ({ value: r.id, label: r.name })), { value: NEW, label: 'New room…' }]} />
            </Field>
            {draft.siteId === NEW && (
              <>
                <Field label="Site name" labelFor="rack-siteName" name="siteName" errors={err.fields}>
                  <InputGroup id="rack-siteName" data-testid="rack-siteName" value={draft.siteName} onValueChange={set('siteName')} />
                </Field>
                <Field label="Site code" labelFor="rack-siteCode" name="siteCode" errors={err.fields} helperText="e.g. ORD3">
                  <InputGroup id="rack-siteCode" data-testid="rack-siteCode" className="noc-mono" value={draft.siteCode} onValueChange={set('siteCode')} />
                </Field>
              </>
            )}
            {roomId === NEW && (
              <Field label="Room name" labelFor="rack-roomName" name="roomName" errors={err.fields}>
                <InputGroup id="rack-roomName" data-testid="rack-roomName" value={draft.roomName} onValueChange={set('roomName')} />
              </Field>
            )}
            <Field label="Rack name" labelFor="rack-name" name="rackName" errors={err.fields}>
              <InputGroup id="rack-name" data-testid="rack-name" autoFocus value={draft.rackName} onValueChange={set('rackName')} />
            </Field>
            <Field label="Height (U)" labelFor="rack-height" name="heightU" errors={err.fields}>
              <NumericInput id="rack-height" data-testid="rack-height" fill min={1} max={60} value={draft.heightU ?? ''} allowNumericCharactersOnly
                onValueChange={(n) => set('heightU')(Number.isFinite(n) ? n : null)} />
            </Field>
          </div>
          {err.message && <Callout intent="danger" compact data-testid="rack-error">{err.message}</Callout>}
        </DialogBody>
        <DialogFooter actions={<>
          <Button text="Cancel" onClick={close} />
          <Button type="submit" intent="primary" icon="add" text="Add rack" loading={busy} data-testid="rack-submit" />
        </>} />
      </form>
    </Dialog>
  );
}
