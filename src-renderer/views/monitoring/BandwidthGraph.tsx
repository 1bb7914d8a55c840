// A port's bandwidth graph (uPlot): in and out, their maxima on the longer ranges, the
// committed rate and this month's 95th percentile as lines. Day / week / month / year as
// MRTG draws them (raw samples, 5-minute, hourly, daily).
import { Button, ButtonGroup, Callout, Spinner } from '@blueprintjs/core';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GraphRange, InterfaceGraph } from '../../../shared/monitoring-types';
import { api } from '../../trpc';
import { bps, bpsShort } from './format';

const RANGES: GraphRange[] = ['day', 'week', 'month', 'year'];
const SPAN_S: Record<GraphRange, number> = { day: 86_400, week: 7 * 86_400, month: 31 * 86_400, year: 366 * 86_400 };

export function BandwidthGraph({ interfaceId, title }: { interfaceId: string; title?: string }) {
  const [range, setRange] = useState<GraphRange>('day');
  const [data, setData] = useState<InterfaceGraph | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    api.monitoring.graph.query({ interfaceId, range }).then((g) => live && setData(g), (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => { live = false; };
  }, [interfaceId, range]);

  useEffect(() => {
    const el = box.current;
    if (!el || !data || data.t.length === 0) return;
    const flat = (v: number | null) => Array(data.t.length).fill(v) as Array<number | null>;
    const showMax = range !== 'day';
    const series: uPlot.Series[] = [
      {},
      { label: 'in', stroke: '#32a467', fill: 'rgba(50,164,103,0.25)', width: 1, value: (_u, v) => bps(v) },
      { label: 'out', stroke: '#4c90f0', width: 1.5, value: (_u, v) => bps(v) },
    ];
    const cols: Array<Array<number | null>> = [data.inBps, data.outBps];
    if (showMax) {
      series.push({ label: 'in max', stroke: 'rgba(50,164,103,0.6)', width: 1, dash: [2, 3], value: (_u, v) => bps(v) });
      series.push({ label: 'out max', stroke: 'rgba(76,144,240,0.6)', width: 1, dash: [2, 3], value: (_u, v) => bps(v) });
      cols.push(data.inMaxBps, data.outMaxBps);
    }
    if (data.committedBps !== null) {
      series.push({ label: 'commit', stroke: '#e76a6e', width: 1, dash: [6, 4], value: (_u, v) => bps(v) });
      cols.push(flat(data.committedBps));
    }
    if (data.p95Bps !== null) {
      series.push({ label: '95th (month)', stroke: '#ec9a3c', width: 1, dash: [1, 3], value: (_u, v) => bps(v) });
      cols.push(flat(data.p95Bps));
    }
    const plot = new uPlot({
      width: Math.max(300, el.clientWidth),
      height: 180,
      series,
      // the whole range, not just where samples are: a new port shows one point at the right end
      scales: { x: { time: true, range: () => { const to = Math.max(Date.now() / 1000, data.t[data.t.length - 1]!); return [to - SPAN_S[range], to]; } } },
      axes: [
        { stroke: '#abb3bf', grid: { stroke: 'rgba(255,255,255,0.06)' } },
        { stroke: '#abb3bf', grid: { stroke: 'rgba(255,255,255,0.06)' }, size: 56, values: (_u, ticks) => ticks.map((v) => `${bpsShort(v)}b/s`) },
      ],
      legend: { live: true },
    }, [data.t, ...cols] as uPlot.AlignedData, el);
    return () => plot.destroy();
  }, [data, range]);

  return (
    <div className="noc-graph" data-testid="bandwidth-graph" data-range={data?.range ?? ''} data-points={data ? String(data.t.length) : ''}>
      <div className="noc-graph-head">
        <span className="noc-graph-title">{title}</span>
        <ButtonGroup>
          {RANGES.map((r) => <Button key={r} small text={r} active={r === range} onClick={() => setRange(r)} data-testid={`graph-${r}`} />)}
        </ButtonGroup>
      </div>
      {error && <Callout intent="danger" compact>{error}</Callout>}
      {!data && !error && <Spinner size={20} />}
      {data && data.t.length === 0 && <div className="noc-muted noc-pad">No samples for this range yet (rates need two polls).</div>}
      {data && data.p95Bps !== null && <div className="noc-muted">95th percentile this month: <b>{bps(data.p95Bps)}</b>{data.committedBps !== null && <> of {bps(data.committedBps)} committed</>}</div>}
      <div ref={box} />
    </div>
  );
}
