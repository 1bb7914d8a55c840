// Every site, rack and device as a tile on one canvas, coloured by its worst state. React
// renders the element once; drawing happens in requestAnimationFrame from the model's typed
// arrays: a full draw on layout changes, otherwise only the tiles that changed — so 5,000
// tiles updating every second cost a few hundred fillRects per frame, not a React render.
import { memo, useEffect, useRef, useState } from 'react';
import { TILE_CODES, TILE_FLAG, type TileState } from '../../../shared/monitoring';
import { CODE_MASK, type WallModel } from '../../stores/wall-model';
import { hitTest, layoutTiles, type TileLayout } from './tile-layout';

export const TILE_COLOURS: Record<TileState, string> = {
  OK: '#1f7a4a',
  WARNING: '#e0a50d',
  CRITICAL: '#e5484d',
  DOWN: '#ff2d2d',
  UNREACHABLE: '#6b5a82',
  UNKNOWN: '#8f6ef0',
  PENDING: '#4a5361',
  UNMONITORED: '#2b3139',
};
const BG = '#14171c';

export const STATE_WORDS: Record<TileState, string> = {
  OK: 'OK', WARNING: 'Warning', CRITICAL: 'Critical', DOWN: 'Down', UNREACHABLE: 'Unreachable', UNKNOWN: 'Unknown',
  PENDING: 'Waiting for the first poll', UNMONITORED: 'Not monitored',
};

/** Frame statistics for the benchmark (read-only, on window.__nocWallFrames). */
export interface FrameStats {
  frames: number;
  draws: number;
  tilesDrawn: number;
  lastDrawMs: number;
  maxDrawMs: number;
}

declare global {
  interface Window { __nocWallFrames?: FrameStats }
}

export function describeTile(code: number): { state: TileState; flags: string[] } {
  const state = TILE_CODES[code & CODE_MASK] ?? 'UNMONITORED';
  const flags: string[] = [];
  if (code & TILE_FLAG.acked) flags.push('acknowledged');
  if (code & TILE_FLAG.maintenance) flags.push('in maintenance');
  if (code & TILE_FLAG.auth) flags.push('authentication problem');
  return { state, flags };
}

function drawTile(ctx: CanvasRenderingContext2D, layout: TileLayout, i: number, code: number): void {
  const x = layout.pos[i * 2]!;
  if (x < 0) return;
  const y = layout.pos[i * 2 + 1]!;
  const s = layout.size;
  const state = TILE_CODES[code & CODE_MASK] ?? 'UNMONITORED';
  ctx.fillStyle = BG;
  ctx.fillRect(x, y, s, s);
  ctx.fillStyle = TILE_COLOURS[state];
  const acked = (code & TILE_FLAG.acked) !== 0;
  ctx.globalAlpha = acked ? 0.45 : 1;
  ctx.fillRect(x, y, s, s);
  ctx.globalAlpha = 1;
  if (s >= 6 && (code & TILE_FLAG.maintenance)) {
    ctx.strokeStyle = '#8abbff';
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
  }
  if (s >= 6 && (code & TILE_FLAG.auth)) {
    ctx.fillStyle = '#ffe066';
    const k = Math.max(2, Math.floor(s / 3));
    ctx.beginPath();
    ctx.moveTo(x + s - k, y);
    ctx.lineTo(x + s, y);
    ctx.lineTo(x + s, y + k);
    ctx.fill();
  }
}

export const TilesCanvas = memo(function TilesCanvas({ model, stale, onPick }: { model: WallModel; stale: boolean; onPick?: (deviceId: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<TileLayout | null>(null);
  // the devices the drawn layout was made for: a new snapshot changes model.layout at once but
  // the canvas only at the next frame, and a click in between must name the tile it hit
  const drawnFor = useRef<{ ids: string[]; names: string[] }>({ ids: [], names: [] });
  const staleRef = useRef(stale);
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null);
  staleRef.current = stale;

  useEffect(() => {
    const el = box.current;
    const cv = canvas.current;
    if (!el || !cv) return;
    const ctx = cv.getContext('2d', { alpha: false, desynchronized: true });
    if (!ctx) return;
    const stats: FrameStats = { frames: 0, draws: 0, tilesDrawn: 0, lastDrawMs: 0, maxDrawMs: 0 };
    window.__nocWallFrames = stats;
    let size = { w: 0, h: 0 };
    let drawnVersion = -1;
    let drawnStale: boolean | null = null;
    let drawnSize = '';
    let raf = 0;

    const full = () => {
      const dpr = window.devicePixelRatio || 1;
      cv.width = Math.max(1, Math.floor(size.w * dpr));
      const layout = layoutTiles(model.layout, size.w - 8, size.h - 8);
      layoutRef.current = layout;
      drawnFor.current = { ids: model.layout.ids, names: model.layout.names };
      const h = Math.max(size.h, layout.height + 8);
      cv.height = Math.max(1, Math.floor(h * dpr));
      cv.style.width = `${size.w}px`;
      cv.style.height = `${h}px`;
      ctx.setTransform(dpr, 0, 0, dpr, 4 * dpr, 4 * dpr);
      ctx.fillStyle = BG;
      ctx.fillRect(-4, -4, size.w + 8, h + 8);
      ctx.textBaseline = 'alphabetic';
      for (const l of layout.labels) {
        ctx.fillStyle = l.kind === 'site' ? '#e5e8eb' : '#8f99a8';
        ctx.font = l.kind === 'site' ? '600 14px system-ui, sans-serif' : '10px system-ui, sans-serif';
        ctx.fillText(l.text, l.x, l.y, l.kind === 'rack' ? Math.max(layout.size * 4, 40) : undefined);
      }
      for (let i = 0; i < model.tiles.length; i++) drawTile(ctx, layout, i, model.tiles[i]!);
      stats.tilesDrawn += model.tiles.length;
      model.dirty.clear();
      if (staleRef.current) {
        // stale data must look stale: everything dimmed and hatched
        ctx.fillStyle = 'rgba(20, 23, 28, 0.55)';
        ctx.fillRect(-4, -4, size.w + 8, h + 8);
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.07)';
        ctx.lineWidth = 6;
        ctx.beginPath();
        for (let d = -h; d < size.w + h; d += 24) {
          ctx.moveTo(d, -4);
          ctx.lineTo(d + h, h + 4);
        }
        ctx.stroke();
      }
    };

    const frame = () => {
      raf = requestAnimationFrame(frame);
      stats.frames++;
      const key = `${size.w}x${size.h}`;
      if (size.w === 0) return;
      const t0 = performance.now();
      if (drawnVersion !== model.layoutVersion || drawnStale !== staleRef.current || drawnSize !== key) {
        drawnVersion = model.layoutVersion;
        drawnStale = staleRef.current;
        drawnSize = key;
        full();
      } else if (model.dirty.size > 0 && layoutRef.current) {
        if (staleRef.current) {
          drawnStale = null; // redraw everything (with the stale veil) on the next frame
        } else {
          for (const i of model.dirty) drawTile(ctx, layoutRef.current, i, model.tiles[i]!);
          stats.tilesDrawn += model.dirty.size;
          model.dirty.clear();
        }
      } else {
        return;
      }
      stats.draws++;
      stats.lastDrawMs = performance.now() - t0;
      stats.maxDrawMs = Math.max(stats.maxDrawMs, stats.lastDrawMs);
    };

    const ro = new ResizeObserver((entries) => {
      const r = entries[0]?.contentRect;
      if (r) size = { w: Math.floor(r.width), h: Math.floor(r.height) };
    });
    ro.observe(el);
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf);
      ro.disconnect();
    };
  }, [model]);

  const at = (e: React.MouseEvent): number => {
    const layout = layoutRef.current;
    const cv = canvas.current;
    if (!layout || !cv) return -1;
    const r = cv.getBoundingClientRect();
    return hitTest(layout, e.clientX - r.left - 4, e.clientY - r.top - 4);
  };

  const tip = hover && hover.i >= 0 && hover.i < drawnFor.current.ids.length && hover.i < model.tiles.length ? describeTile(model.tiles[hover.i]!) : null;
  return (
    <div ref={box} className="noc-wall-tiles" data-testid="wall-tiles" onMouseLeave={() => setHover(null)}>
      <canvas
        ref={canvas}
        data-testid="wall-canvas"
        onMouseMove={(e) => {
          const i = at(e);
          setHover(i >= 0 ? { i, x: e.clientX, y: e.clientY } : null);
        }}
        onClick={(e) => {
          const i = at(e);
          const id = i >= 0 ? drawnFor.current.ids[i] : undefined;
          if (id) onPick?.(id);
        }}
        style={{ cursor: hover ? 'pointer' : 'default' }}
      />
      {hover && tip && (
        <div className="noc-wall-tip" style={{ left: hover.x + 14, top: hover.y + 10 }} role="tooltip">
          <strong>{drawnFor.current.names[hover.i]}</strong>
          <span style={{ color: TILE_COLOURS[tip.state] }}> {STATE_WORDS[tip.state]}</span>
          {tip.flags.length > 0 && <div className="noc-wall-tip-flags">{tip.flags.join(' · ')}</div>}
        </div>
      )}
    </div>
  );
});
