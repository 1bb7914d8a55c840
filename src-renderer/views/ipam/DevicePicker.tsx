// Pick a server/VM/switch from the inventory by typing part of its name.
import { InputGroup, Menu, MenuItem, Popover } from '@blueprintjs/core';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../trpc';

export interface PickedDevice { id: string; name: string; type: string }

export function DevicePicker({ value, onChange, disabled, id }: { value: PickedDevice | null; onChange(d: PickedDevice | null): void; disabled?: boolean; id?: string }) {
  const [text, setText] = useState(value?.name ?? '');
  const [hits, setHits] = useState<PickedDevice[]>([]);
  const [open, setOpen] = useState(false);

  // Typing over a picked device un-picks it; that null must not wipe what was just typed.
  const unpickedByTyping = useRef(false);
  useEffect(() => {
    if (unpickedByTyping.current) { unpickedByTyping.current = false; return; }
    setText(value?.name ?? '');
  }, [value]);
  useEffect(() => {
    const q = text.trim();
    if (!q || q === value?.name) { setHits([]); return undefined; }
    let live = true;
    const t = setTimeout(() => {
      api.inventory.list.query({ text: q, limit: 12 }).then(
        (r) => { if (live) { setHits(r.rows.map((d) => ({ id: d.id, name: d.name, type: d.type }))); setOpen(true); } },
        () => { if (live) setHits([]); },
      );
    }, 150);
    return () => { live = false; clearTimeout(t); };
  }, [text, value]);

  return (
    <Popover isOpen={open && hits.length > 0} onInteraction={(next) => setOpen(next)} autoFocus={false} enforceFocus={false} placement="bottom-start" minimal
      content={
        <Menu className="noc-ipam-picker-menu" data-testid="device-picker-menu">
          {hits.map((d) => (
            <MenuItem key={d.id} text={d.name} label={d.type} data-testid="device-picker-item" onClick={() => { onChange(d); setText(d.name); setOpen(false); }} />
          ))}
        </Menu>
      }
    >
      <InputGroup id={id} leftIcon="server" placeholder="Server, VM or switch name…" value={text} disabled={disabled} data-testid="device-picker"
        onChange={(e) => {
          setText(e.currentTarget.value);
          if (value) { unpickedByTyping.current = true; onChange(null); }
        }} />
    </Popover>
  );
}
