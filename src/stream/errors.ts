import { DaemonError } from '../errors.js';
import type { StreamErrorCode } from '../../generated/stream-protocol.js';

/** Base of every error the event stream emits or throws. */
export class StreamError extends DaemonError {
  override readonly name: string = 'StreamError';
}

/**
 * A server frame that is not valid JSON or breaks the frame schema. `frame` describes it (its
 * size and type) without quoting it: a frame may carry anything, the token included.
 */
export class ProtocolError extends StreamError {
  override readonly name: string = 'ProtocolError';
  readonly frame: string;
  constructor(message: string, frame: string) {
    super(message);
    this.frame = frame;
  }
}

/**
 * The stream could not connect (or lost the daemon) and keeps retrying: the daemon is not
 * reachable, or it answers REST but refuses the WebSocket. `url` is where it tried (never holds
 * the token); `cause` is what the probe or the socket said.
 */
export class StreamConnectionError extends StreamError {
  override readonly name: string = 'StreamConnectionError';
  readonly url: string | undefined;
  constructor(message: string, url: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

/**
 * The daemon refuses this client for good (HTTP 403 at the upgrade or on the REST probe):
 * `reason` is the contract's code (`host_forbidden`, `origin_forbidden`, ...), `fix` what to change.
 * The stream stopped.
 */
export class StreamForbiddenError extends StreamError {
  override readonly name: string = 'StreamForbiddenError';
  readonly reason: string;
  readonly fix: string;
  constructor(reason: string, fix: string, options?: { cause?: unknown }) {
    super(`the daemon refused the connection (${reason}): ${fix}`, options);
    this.reason = reason;
    this.fix = fix;
  }
}

/** The daemon closed with a fatal close code (FATAL_CLOSE_CODES): the stream stopped. */
export class FatalCloseError extends StreamError {
  override readonly name: string = 'FatalCloseError';
  readonly code: number;
  readonly reason: string;
  constructor(code: number, reason: string) {
    super(`daemon closed the stream with fatal code ${code}${reason ? ` (${reason})` : ''}`);
    this.code = code;
    this.reason = reason;
  }
}

/** 4401 again after the token was re-read once from its source: the stream stopped. */
export class StreamAuthError extends FatalCloseError {
  override readonly name: string = 'StreamAuthError';
}

/** An `error` frame from the daemon (the connection stays open). */
export class StreamServerError extends StreamError {
  override readonly name: string = 'StreamServerError';
  readonly code: StreamErrorCode;
  readonly sessionId: string | undefined;
  /** The `subscribe_all` entry this error answers (per-entry answers), if any. */
  readonly entry: string | undefined;
  constructor(code: StreamErrorCode, message: string, sessionId?: string, entry?: string) {
    super(message);
    this.code = code;
    this.sessionId = sessionId;
    this.entry = entry;
  }
}

/** What a `resync` reports: events of a session that this stream could not deliver. */
export interface ResyncInfo {
  readonly sessionId: string;
  /** `cursor_expired`: the daemon no longer holds fromSeq..toSeq. `epoch_changed`: the daemon's buffer started a new life; seqs restart and toSeq is unknown (null). */
  readonly reason: 'cursor_expired' | 'epoch_changed';
  /** First seq not delivered (previous cursor + 1). */
  readonly fromSeq: number;
  /** Last seq not delivered, or null when unknown (epoch change). */
  readonly toSeq: number | null;
  /** The cursor before the resync. */
  readonly previousCursor: number;
  /** Where delivery continues from (the new cursor). */
  readonly cursor: number;
  readonly epoch: string;
  /** epoch_changed: the epoch the previous cursor counted in, when the stream knew it. */
  readonly previousEpoch?: string;
}

/** A turn or cancel iterator whose session lost events (see ResyncInfo): the turn's tail may be gone. */
export class ResyncError extends StreamError {
  override readonly name: string = 'ResyncError';
  readonly info: ResyncInfo;
  constructor(info: ResyncInfo) {
    super(`session ${info.sessionId}: events lost (${info.reason}); reload the turn over REST`);
    this.info = info;
  }
}

/** The stream was closed (by close() or a fatal error) before an iterator finished. */
export class StreamClosedError extends StreamError {
  override readonly name: string = 'StreamClosedError';
}
