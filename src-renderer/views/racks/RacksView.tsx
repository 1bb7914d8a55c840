import { NonIdealState } from '@blueprintjs/core';
import { useNoc } from '../../stores';
import { RackElevationPanel } from './RackElevation';
import { RackTreePanel } from './RackTree';

export function RacksView() {
  const selected = useNoc((s) => s.racks.selectedRackId);
  return (
    <section className="noc-view noc-racks" data-testid="racks-view">
      <RackTreePanel />
      <div className="noc-racks-main">
        {selected ? <RackElevationPanel /> : <NonIdealState icon="server" title="Choose a rack" description="Pick a rack on the left to see its elevation, front and rear." />}
      </div>
    </section>
  );
}
