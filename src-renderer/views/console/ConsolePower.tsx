// Power buttons beside the console (issue 4, "power-cycles it and watches it boot"): the same
// confirmed, audited actions as the Hardware tab, so a technician can cycle a server without
// leaving the terminal that shows it booting.
import { Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Device } from '../../../shared/types';
import { api } from '../../trpc';
import { PowerActions } from '../hardware/PowerActions';

const REFRESH_MS = 10_000;
/** after an action the BMC is read now and again as the server comes back (a cycle takes seconds) */
const AFTER_ACTION_MS = [0, 2_000, 6_000];

export function ConsolePower({ device, canAct }: { device: Device; canAct: boolean }) {
  const [powerOn, setPowerOn] = useState<boolean | null>(null);

  const load = useCallback(() => {
    api.bmc.hardware.query({ deviceId: device.id }).then((h) => setPowerOn(h?.powerOn ?? null), () => setPowerOn(null));
  }, [device.id]);

  const followUps = useRef<ReturnType<typeof setTimeout>[]>([]);
  const afterAction = useCallback(() => {
    for (const t of followUps.current.splice(0)) clearTimeout(t);
    followUps.current = AFTER_ACTION_MS.map((ms) => setTimeout(() => {
      api.bmc.refresh.mutate({ deviceId: device.id }).then((h) => setPowerOn(h?.powerOn ?? null), () => undefined);
    }, ms));
  }, [device.id]);

  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      for (const t of followUps.current.splice(0)) clearTimeout(t);
    };
  }, [load]);

  return (
    <div className="noc-console-power" data-testid="console-power">
      <Tag minimal icon="power" intent={powerOn === null ? 'none' : powerOn ? 'success' : 'danger'} data-testid="console-power-state" data-power={powerOn === null ? 'unknown' : powerOn ? 'on' : 'off'}>
        {powerOn === null ? 'power unknown' : powerOn ? 'power on' : 'power off'}
      </Tag>
      <PowerActions deviceId={device.id} deviceName={device.name} powerOn={powerOn} canAct={canAct} onDone={afterAction} boot={false} />
    </div>
  );
}
