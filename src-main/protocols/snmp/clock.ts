// The clock is injected wherever time is read, so that timing logic is testable with a
// fake clock. Wall time in milliseconds since the epoch.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
