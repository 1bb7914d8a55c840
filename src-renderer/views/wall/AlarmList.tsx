// The active alarms: worst and newest first, since when, what is affected, who is on it.
import { Button, Menu, MenuItem, Popover, Tag } from '@blueprintjs/core';
import { memo, useState } from 'react';
import { MONITOR_STATES, PROBLEM_KINDS } from '../../../shared/monitoring';
import type { AlarmView } from '../../../shared/monitoring-types';
import { ago, countdown, dayAndTime } from './time';

const SHOWN = 300;
const intentOf = (s: AlarmView['state']) => MONITOR_STATES.find((x) => x.value === s)?.intent ?? 'none';
const problemLabel = (p: AlarmView['problem']) => PROBLEM_KINDS.find((x) => x.value === p)?.label ?? '';

function AlarmRow({ a, now, onAck, onSnooze, onOpen }: { a: AlarmView; now: number; onAck(a: AlarmView): void; onSnooze(a: AlarmView, minutes: number): void; onOpen?(deviceId: string): void }) {
  const [open, setOpen] = useState(false);
  const snoozed = a.snoozedUntil !== null && a.snoozedUntil > now;
  return (
    <li className={`noc-alarm noc-alarm-${a.state.toLowerCase()}${a.ack ? ' noc-alarm-acked' : ''}`} data-testid="wall-alarm" data-alarm-id={a.id} data-state={a.state} data-acked={a.ack ? 'true' : 'false'}>
      <div className="noc-alarm-head">
        <Tag intent={intentOf(a.state)} minimal={!!a.ack} className="noc-alarm-state">{a.state}</Tag>
        <button type="button" className="noc-alarm-label" onClick={() => a.deviceId && onOpen?.(a.deviceId)} title={a.key}>{a.label}</button>
        <span className="noc-alarm-since" title={new Date(a.since).toISOString()}>{dayAndTime(a.since, now)} · {ago(a.since, now)}</span>
      </div>
      <div className="noc-alarm-msg">
        {a.problem && a.problem !== 'check' && <span className="noc-alarm-problem">{problemLabel(a.problem)}: </span>}
        {a.message}
        {a.flapping && <Tag minimal intent="warning" className="noc-alarm-flag">flapping</Tag>}
        {a.maintenance && <Tag minimal className="noc-alarm-flag" icon="wrench">maintenance</Tag>}
        {a.level !== null && <Tag minimal intent="warning" className="noc-alarm-flag">{a.level} %</Tag>}
      </div>
      {a.affected.length > 0 && (
        <div className="noc-alarm-affected">
          <button type="button" className="noc-linklike" onClick={() => setOpen(!open)} data-testid="wall-alarm-affected">
            {a.affected.length} affected behind it {open ? '▾' : '▸'}
          </button>
          {open && <ul>{a.affected.slice(0, 200).map((x) => <li key={x.key}>{x.label} <span className="noc-muted">{x.state}</span></li>)}</ul>}
        </div>
      )}
      <div className="noc-alarm-actions">
        {a.ack ? (
          <span className="noc-alarm-ack" data-testid="wall-alarm-ack">✓ {a.ack.by}: “{a.ack.comment}” · {dayAndTime(a.ack.at, now)}</span>
        ) : (
          <Button small intent="primary" icon="tick" text="Acknowledge" onClick={() => onAck(a)} data-testid="wall-ack" />
        )}
        {snoozed ? (
          <Button small variant="minimal" icon="notifications-snooze" text={`snoozed ${countdown(a.snoozedUntil! - now)}`} onClick={() => onSnooze(a, 0)} title="End the snooze" />
        ) : (
          !a.ack && (
            <Popover placement="bottom-end" content={<Menu>{[5, 15, 60].map((m) => <MenuItem key={m} text={`${m} min`} onClick={() => onSnooze(a, m)} />)}</Menu>}>
              <Button small variant="minimal" icon="notifications-snooze" text="Snooze" />
            </Popover>
          )
        )}
      </div>
    </li>
  );
}

export const AlarmList = memo(function AlarmList({ alarms, now, onAck, onSnooze, onOpen }: { alarms: AlarmView[]; now: number; onAck(a: AlarmView): void; onSnooze(a: AlarmView, minutes: number): void; onOpen?(deviceId: string): void }) {
  if (alarms.length === 0) return <div className="noc-alarms-empty" data-testid="wall-no-alarms">No active alarms</div>;
  return (
    <ol className="noc-alarms" data-testid="wall-alarms">
      {alarms.slice(0, SHOWN).map((a) => <AlarmRow key={a.id} a={a} now={now} onAck={onAck} onSnooze={onSnooze} onOpen={onOpen} />)}
      {alarms.length > SHOWN && <li className="noc-muted noc-pad">…and {alarms.length - SHOWN} more (see `noc alarms list`)</li>}
    </ol>
  );
});
