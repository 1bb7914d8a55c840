// The registry of automatic QA check kinds. Staging owns the registry, not the checks:
// the IPMI domain registers "ipmi.*" (BMC answers, sensors in range, SEL clean), monitoring
// registers "snmp.switch-port-up", and so on, when they exist. A template may name a kind
// nobody has registered yet; its item then cannot run automatically and says why, and staff
// can still pass it by hand with a note (recorded as a manual override).
import type { CheckKindInfo, StagingRun } from '../../../shared/staging';
import type { Device } from '../../../shared/types';

export interface CheckInput {
  device: Device;
  run: StagingRun;
  params: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface CheckOutcome {
  passed: boolean;
  /** What the check saw, in a sentence a technician understands. */
  detail: string;
  evidence?: string[];
}

export interface CheckKind {
  kind: string;
  label: string;
  /** Why this check cannot run for this device (no BMC address, no credentials), or null. */
  unavailable?(device: Device): string | null;
  run(input: CheckInput): Promise<CheckOutcome>;
}

/** Kinds that templates commonly use, with who is expected to provide them. */
export const KNOWN_KINDS: Record<string, { label: string; providedBy: string }> = {
  'ipmi.bmc-reachable': { label: 'BMC answers over IPMI', providedBy: 'the IPMI domain' },
  'ipmi.sensors-in-range': { label: 'Sensors in range', providedBy: 'the IPMI domain' },
  'ipmi.sel-clean': { label: 'SEL has no critical entries', providedBy: 'the IPMI domain' },
  'snmp.switch-port-up': { label: 'Switch port up (SNMP)', providedBy: 'the monitoring domain' },
  'burn-in': { label: 'Burn-in result entered or imported', providedBy: 'staging' },
};

export class CheckRegistry {
  private kinds = new Map<string, CheckKind>();

  register(kind: CheckKind): () => void {
    this.kinds.set(kind.kind, kind);
    return () => {
      if (this.kinds.get(kind.kind) === kind) this.kinds.delete(kind.kind);
    };
  }

  get(kind: string): CheckKind | undefined {
    return this.kinds.get(kind);
  }

  /** Why an item of this kind cannot run on this device now, or null when it can. */
  whyNot(kind: string, device: Device): string | null {
    const k = this.kinds.get(kind);
    if (!k) return this.missing(kind);
    return k.unavailable?.(device) ?? null;
  }

  private missing(kind: string): string {
    const known = KNOWN_KINDS[kind];
    return known
      ? `${known.label}: not available in this installation (${known.providedBy} has not registered it). Check by hand and record the result with a note.`
      : `No automatic check called ${kind} is registered. Check by hand and record the result with a note.`;
  }

  list(): CheckKindInfo[] {
    const names = new Set([...Object.keys(KNOWN_KINDS), ...this.kinds.keys()]);
    return [...names].sort().map((kind) => {
      const k = this.kinds.get(kind);
      return { kind, label: k?.label ?? KNOWN_KINDS[kind]?.label ?? kind, available: Boolean(k), why: k ? null : this.missing(kind) };
    });
  }
}
