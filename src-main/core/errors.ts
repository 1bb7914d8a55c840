// Errors the domains raise on purpose: each says what was wrong and what to do.
// The tRPC layer maps them to codes; `field` lets the renderer show it next to the input.

export type DomainErrorCode = 'invalid' | 'conflict' | 'not-found' | 'forbidden' | 'precondition';

export class DomainError extends Error {
  constructor(readonly code: DomainErrorCode, message: string, readonly field?: string) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, field?: string) => new DomainError('invalid', message, field);
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const precondition = (message: string, field?: string) => new DomainError('precondition', message, field);
