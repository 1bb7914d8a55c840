// The network wall: full screen, refreshed by push. Every site, rack and device as tiles
// coloured by worst state, the active alarms (worst and newest first), counts per state,
// the clock, how old the data is (stale data looks stale), and the alarm sound.
// `?kiosk=1` shows only this (a wall display); in the app it covers the shell until closed.
import { Button, ButtonGroup, Dialog, DialogBody, Menu, MenuItem, Popover, Tooltip } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { type Severity, type TileState } from '../../../shared/monitoring';
import type { AlarmView } from '../../../shared/monitoring-types';
import { createWallStore, type WallApi } from '../../stores/wall-store';
import { nocStore, useNoc } from '../../stores';
import { toast } from '../../toaster';
import { api, onConnectionState } from '../../trpc';
import { AddMonitorForm } from '../monitoring/AddMonitorForm';
import { FlaggedServers } from '../monitoring/FlaggedServers';
import { MaintenanceWindows } from '../monitoring/MaintenanceWindows';
import { AckDialog } from './AckDialog';
import { AlarmList } from './AlarmList';
import { AlarmSound, type SoundSnapshot } from './sound';
import { STATE_WORDS, TILE_COLOURS, TilesCanvas } from './TilesCanvas';
import { ago, clock, countdown } from './time';
import './wall.css';

const COUNTED: TileState[] = ['DOWN', 'CRITICAL', 'WARNING', 'UNKNOWN', 'UNREACHABLE', 'OK', 'PENDING'];

export function isKiosk(): boolean {
  return new URLSearchParams(window.location.search).get('kiosk') === '1';
}

const wallApi: WallApi = {
  subscribe: (h) => api.monitoring.wall.subscribe(undefined, { onData: h.onData, onError: h.onError, onStarted: h.onStarted }),
  ack: (id, comment, by) => api.alarms.ack.mutate({ id, comment, by }),
  snooze: (id, minutes) => api.alarms.snooze.mutate({ id, minutes }),
};

function SoundControls({ sound, snap, now }: { sound: AlarmSound; snap: SoundSnapshot; now: number }) {
  const snoozed = snap.snoozedUntil !== null && snap.snoozedUntil > now;
  return (
    <ButtonGroup className="noc-wall-sound">
      {snap.locked && (
        <Button intent="warning" icon="volume-up" text="Click to enable alarm sound" onClick={() => void sound.unlock()} data-testid="wall-enable-sound" />
      )}
      <Tooltip content={snap.muted ? 'Sound is off on this wall' : 'Turn the alarm sound off on this wall'}>
        <Button icon={snap.muted ? 'volume-off' : 'volume-up'} intent={snap.muted ? 'danger' : 'none'} text={snap.muted ? 'Muted' : undefined} onClick={() => sound.setMuted(!snap.muted)} data-testid="wall-mute" />
      </Tooltip>
      {snoozed ? (
        <Button icon="notifications-snooze" intent="warning" text={`Snoozed ${countdown(snap.snoozedUntil! - now)}`} onClick={() => sound.snooze(0, now)} data-testid="wall-snooze-countdown" title="End the snooze" />
      ) : (
        <Popover placement="bottom-end" content={<Menu>{[5, 15, 30].map((m) => <MenuItem key={m} text={`Silence for ${m} min`} onClick={() => sound.snooze(m, Date.now())} data-testid={`wall-snooze-${m}`} />)}</Menu>}>
          <Button icon="notifications-snooze" text="Snooze" data-testid="wall-snooze" />
        </Popover>
      )}
      <Popover placement="bottom-end" content={<Menu>{(['critical', 'warning', 'unknown'] as Severity[]).map((s) => <MenuItem key={s} text={`Test ${s} sound`} onClick={() => sound.test(s)} data-testid={`wall-test-${s}`} />)}</Menu>}>
        <Button icon="music" text="Test sound" data-testid="wall-test-sound" />
      </Popover>
    </ButtonGroup>
  );
}

export function WallView({ kiosk = false, onExit }: { kiosk?: boolean; onExit?: () => void }) {
  const store = useMemo(() => createWallStore(wallApi), []);
  const sound = useMemo(() => new AlarmSound(), []);
  const alarms = useStore(store, (s) => s.alarms);
  const counts = useStore(store, (s) => s.counts);
  const fresh = useStore(store, (s) => s.fresh);
  const model = useStore(store, (s) => s.model);
  const actor = useNoc((s) => s.actor);
  const [now, setNow] = useState(() => Date.now());
  const [snap, setSnap] = useState<SoundSnapshot>(() => sound.snapshot());
  const [acking, setAcking] = useState<AlarmView | null>(null);
  const [adding, setAdding] = useState(false);
  const [maint, setMaint] = useState(false);
  const [flagged, setFlagged] = useState(false);

  useEffect(() => {
    store.getState().connect();
    const offConn = onConnectionState((s) => store.getState().setConnected(s === 'open'));
    const offSound = sound.onChange(setSnap);
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      store.getState().tick(t);
      sound.update(store.getState().alarms, store.getState().model.serverNow(t), t);
      sound.refresh();
    }, 1000);
    return () => {
      clearInterval(timer);
      offConn();
      offSound();
      store.getState().disconnect();
      sound.dispose();
    };
  }, [store, sound]);

  // the alarm list changed: the sound follows at once, not at the next second
  useEffect(() => {
    const t = Date.now();
    sound.update(alarms, model.serverNow(t), t);
  }, [alarms, sound, model]);

  // the wall covers the shell: a device drawer left open would cover the alarm list
  useEffect(() => {
    if (!kiosk) nocStore.getState().closeDevice();
  }, [kiosk]);

  useEffect(() => {
    if (kiosk) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !acking && !adding && !maint && !flagged) onExit?.(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [kiosk, onExit, acking, adding, maint, flagged]);

  const ack = useCallback(async (id: string, comment: string, by?: string) => {
    await wallApi.ack(id, comment, by);
  }, []);
  const snooze = useCallback((a: AlarmView, minutes: number) => {
    wallApi.snooze(a.id, minutes).catch((err: unknown) => toast({ intent: 'danger', message: err instanceof Error ? err.message : String(err) }));
  }, []);
  const openDevice = useMemo(() => (kiosk ? undefined : (deviceId: string) => { onExit?.(); nocStore.getState().openDevice(deviceId); }), [kiosk, onExit]);
  const askName = !actor || actor.id === 'token';

  return (
    <div className={`noc-wall bp6-dark${fresh.stale ? ' noc-wall-stale' : ''}`} data-testid="wall" data-sound-state={snap.state} data-sound-playing={snap.audible ? 'true' : 'false'}
      data-sound-trigger={snap.triggerId ?? ''} data-stale={fresh.stale ? 'true' : 'false'}>
      <header className="noc-wall-head">
        <div className="noc-wall-title">NOC wall</div>
        <div className="noc-wall-clock" data-testid="wall-clock">{clock(now)}</div>
        <div className="noc-wall-counts" data-testid="wall-counts">
          {COUNTED.map((s) => (
            <span key={s} className={`noc-wall-count${counts[s] === 0 ? ' noc-wall-count-zero' : ''}`} data-testid={`wall-count-${s}`} title={STATE_WORDS[s]}>
              <i style={{ background: TILE_COLOURS[s] }} />{s === 'PENDING' ? 'pending' : s.toLowerCase()} <b>{counts[s]}</b>
            </span>
          ))}
          <span className="noc-wall-count noc-muted" title="in the inventory, not monitored">{counts.UNMONITORED} not monitored</span>
        </div>
        <div className={`noc-wall-age${fresh.stale ? ' noc-wall-age-stale' : ''}`} data-testid="wall-age" title={fresh.reason ?? ''}>
          {fresh.stale ? `STALE — ${fresh.reason}` : `data ${Math.max(0, Math.round(fresh.linkAgeS))} s old`}
          {fresh.pollAgeS !== null && !fresh.stale && <span className="noc-muted"> · last poll {ago(now - fresh.pollAgeS * 1000, now)} ago</span>}
        </div>
        <SoundControls sound={sound} snap={snap} now={now} />
        {!kiosk && <Button icon="add" text="Add switch" onClick={() => setAdding(true)} data-testid="wall-add-switch" />}
        {!kiosk && <Button icon="wrench" text="Maintenance" onClick={() => setMaint(true)} data-testid="wall-maintenance" />}
        {!kiosk && <Button icon="dashboard" text="Utilisation" onClick={() => setFlagged(true)} data-testid="wall-flagged" title="Servers over- or under-utilised for a week" />}
        {!kiosk && <Button icon="cross" variant="minimal" onClick={onExit} title="Close the wall (Esc)" data-testid="wall-exit" />}
      </header>
      <div className="noc-wall-body">
        <TilesCanvas model={model} stale={fresh.stale} onPick={openDevice} />
        <aside className="noc-wall-side">
          <h2>Active alarms <span className="noc-muted">{alarms.length}</span></h2>
          <AlarmList alarms={alarms} now={now} onAck={setAcking} onSnooze={snooze} onOpen={openDevice} />
        </aside>
      </div>
      {kiosk && snap.locked && (
        <button type="button" className="noc-wall-unlock" onClick={() => void sound.unlock()} data-testid="wall-unlock">
          <span>Click to enable alarm sound</span>
          <small>The browser plays sound only after a click on the page. Start the kiosk browser with --autoplay-policy=no-user-gesture-required to skip this.</small>
        </button>
      )}
      <Dialog isOpen={adding} onClose={() => setAdding(false)} title="Add a switch (SNMP)" icon="add" className="bp6-dark">
        <DialogBody>
          <AddMonitorForm onAdded={(v) => { setAdding(false); toast({ intent: 'success', message: `Polling ${v.name} every ${v.intervalS} s.` }); }} />
        </DialogBody>
      </Dialog>
      <Dialog isOpen={maint} onClose={() => setMaint(false)} title="Maintenance windows" icon="wrench" className="bp6-dark" style={{ width: 720 }}>
        <DialogBody><MaintenanceWindows /></DialogBody>
      </Dialog>
      <Dialog isOpen={flagged} onClose={() => setFlagged(false)} title="Servers over- or under-utilised for a week" icon="dashboard" className="bp6-dark" style={{ width: 640 }}>
        <DialogBody><FlaggedServers onOpen={openDevice ? (id) => { setFlagged(false); openDevice(id); } : undefined} /></DialogBody>
      </Dialog>
      <AckDialog alarm={acking} askName={askName} onAck={ack} onClose={() => setAcking(null)} />
    </div>
  );
}


