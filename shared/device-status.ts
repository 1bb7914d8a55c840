// The server/VM lifecycle (DESIGN.md "Data"): which status may follow which.
// Pure table, so the renderer offers only legal moves and the core refuses the rest.
// Further guards (QA checklist, active rental) live in the core and add their reasons.
import type { DeviceStatus } from './choices';

const NEXT: Record<DeviceStatus, readonly DeviceStatus[]> = {
  staging: ['available', 'maintenance', 'faulty', 'decommissioned'],
  available: ['rented', 'maintenance', 'faulty', 'staging', 'decommissioned'],
  rented: ['available', 'maintenance', 'faulty', 'staging'],
  maintenance: ['available', 'rented', 'staging', 'faulty', 'decommissioned'],
  faulty: ['maintenance', 'staging', 'decommissioned'],
  // Terminal: a decommissioned machine comes back only through staging QA.
  decommissioned: ['staging'],
};

export function allowedNextStatuses(from: DeviceStatus): readonly DeviceStatus[] {
  return NEXT[from];
}

/** Returns null when legal, otherwise the reason a person can act on. */
export function statusTransitionError(from: DeviceStatus, to: DeviceStatus): string | null {
  if (from === to) return `The device is already ${to}.`;
  if (NEXT[from].includes(to)) return null;
  const options = NEXT[from].join(', ');
  return `A device cannot go from ${from} to ${to}; from ${from} it can go to: ${options}.`;
}
