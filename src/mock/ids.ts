/** Opaque ids in the contract's shapes (`sess-…`, `turn-…`), random so tests cannot lean on order. */
import { randomBytes } from 'node:crypto';

const rand = (bytes: number): string => randomBytes(bytes).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');

export const newSessionId = (): string => `sess-${rand(9)}`;
export const newTurnId = (): string => `turn-${rand(9)}`;
export const newEpoch = (): string => `ep-${rand(6)}`;
export const newRequestId = (): string => `req-${rand(9)}`;
export const newConnectionId = (): string => `conn-${rand(6)}`;
