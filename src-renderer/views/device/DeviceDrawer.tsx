// The device drawer: details and status change, edit, audit history.
import { Callout, Drawer, Spinner, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useEffect, useMemo, useState } from 'react';
import { typeLabel } from '../../lib/format';
import { useNoc, useShallow } from '../../stores';
import { StatusTag } from '../inventory/cells';
import { DeviceDetails } from './DeviceDetails';
import { DeviceHistoryList } from './DeviceHistoryList';
import { EditDeviceForm } from './EditDeviceForm';
import { StatusChangeForm } from './StatusChangeForm';
import { HardwarePanel } from '../hardware/HardwarePanel';
import { ConsolePanel } from '../console/ConsolePanel';
import { MonitoringPanel } from '../monitoring/MonitoringPanel';
import { RentalBanner } from '../customers/RentalBanner';

type TabId = 'overview' | 'edit' | 'history' | 'hardware' | 'console' | 'monitoring';

export function DeviceDrawer() {
  const { id, detail, history, loading, error, close } = useNoc(useShallow((s) => ({ ...s.device, close: s.closeDevice })));
  const [tab, setTab] = useState<TabId>('overview');
  useEffect(() => setTab('overview'), [id]);
  const device = detail?.device ?? null;
  // Ids in the history that the rack tree does not name: the host and the VMs.
  const known = useMemo(() => Object.fromEntries([detail?.host ?? null, ...(detail?.vms ?? [])].flatMap((d) => (d ? [[d.id, d.name] as const] : []))), [detail]);

  const title = device ? (
    <span className="noc-drawer-title" data-testid="device-drawer-title">
      <span className="noc-drawer-name">{device.name}</span>
      <StatusTag status={device.status} />
      <Tag minimal>{typeLabel(device.type)}</Tag>
      {device.demo && <Tag minimal intent="warning" icon="lab-test">DEMO</Tag>}
    </span>
  ) : 'Device';

  return (
    <Drawer isOpen={id !== null} onClose={close} title={title} icon={device?.type === 'vm' ? 'cloud' : 'server'} size={620} className="noc-drawer" data-testid="device-drawer" hasBackdrop={false} canOutsideClickClose={false} autoFocus enforceFocus={false}>
      <div className="noc-drawer-body">
        {loading && !detail && <div className="noc-center"><Spinner size={24} /></div>}
        {error && <Callout intent="danger" compact>{error}</Callout>}
        {detail && device && (
          <Tabs id="device-tabs" selectedTabId={tab} onChange={(t) => setTab(t as TabId)} renderActiveTabPanelOnly className="noc-drawer-tabs">
            <Tab id="overview" title="Overview" data-testid="tab-overview" panel={<><RentalBanner deviceId={device.id} /><DeviceDetails detail={detail} /><StatusChangeForm key={`${device.id}:${device.status}`} device={device} /></>} />
            <Tab id="edit" title="Edit" data-testid="tab-edit" panel={<EditDeviceForm key={device.id} device={device} onSaved={() => setTab('overview')} />} />
            <Tab id="history" title={<>History <Tag minimal round>{history.length}</Tag></>} data-testid="tab-history" panel={<DeviceHistoryList entries={history} known={known} />} />
            {device.type === 'server' && <Tab id="hardware" title="Hardware" data-testid="tab-hardware" panel={<HardwarePanel key={device.id} device={device} />} />}
            {device.type === 'server' && <Tab id="console" title="Console" data-testid="tab-console" panel={<ConsolePanel key={device.id} device={device} />} />}
            {device.type !== 'patch_panel' && <Tab id="monitoring" title="Monitoring" data-testid="tab-monitoring" panel={<MonitoringPanel key={device.id} deviceId={device.id} />} />}
          </Tabs>
        )}
      </div>
    </Drawer>
  );
}
