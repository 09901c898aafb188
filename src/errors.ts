/**
 * The base of every error this SDK throws or emits. Subclasses add what their cause knows
 * (HTTP status, contract error code, close code...). No message ever contains the token.
 */
export class DaemonError extends Error {
  override readonly name: string = 'DaemonError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
