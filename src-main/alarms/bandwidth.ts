// Bandwidth levels with hysteresis: 80 %, 100 % and 101 % of a committed rate (issue 3).
// A level is entered when usage reaches it and left only when usage falls below it by the
// hysteresis margin, so a port hovering around 80 % raises the 80 % level once per real
// crossing, not on every poll. A level's release point is hysteresis below it, but never
// below the next lower level: 101 % (over commit) is left as soon as usage is under 100 %.
//
// Invariants:
//  - the active level is the highest level L with usage >= L since the last time usage
//    fell below L's release point (levels are nested: being at 101 means 80 and 100 too);
//  - `crossed` is reported once per upward crossing of a level, never twice in a row for
//    the same level without a fall below its release point in between.
import { BANDWIDTH_LEVELS, type BandwidthLevel } from '../../shared/monitoring';

export const DEFAULT_HYSTERESIS_PCT = 5;

export interface LevelChange {
  /** the highest active level now (0 = under every level) */
  level: BandwidthLevel | 0;
  /** levels newly crossed upwards by this observation, lowest first */
  crossed: BandwidthLevel[];
  /** true when the active level changed */
  changed: boolean;
}

export class LevelTracker {
  private active = new Set<BandwidthLevel>();

  constructor(private readonly hysteresisPct = DEFAULT_HYSTERESIS_PCT) {}

  get level(): BandwidthLevel | 0 {
    let top: BandwidthLevel | 0 = 0;
    for (const l of this.active) if (l > top) top = l;
    return top;
  }

  observe(usagePct: number): LevelChange {
    const before = this.level;
    const crossed: BandwidthLevel[] = [];
    for (const l of BANDWIDTH_LEVELS) {
      if (!this.active.has(l) && usagePct >= l) {
        this.active.add(l);
        crossed.push(l);
      } else if (this.active.has(l) && usagePct < releasePoint(l, this.hysteresisPct)) {
        this.active.delete(l);
      }
    }
    const level = this.level;
    return { level, crossed, changed: level !== before };
  }
}

export function releasePoint(level: BandwidthLevel, hysteresisPct: number): number {
  const i = BANDWIDTH_LEVELS.indexOf(level);
  const lower = i > 0 ? BANDWIDTH_LEVELS[i - 1]! : 0;
  return Math.max(level - hysteresisPct, lower);
}
