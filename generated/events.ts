// generated — do not edit. Source: specs/daemon-v3.asyncapi.yaml + specs/schemas/events.yaml (npm run generate: scripts/generate.ts + scripts/templates/asyncapi-ts).

/** Any event of a session, told apart by `event`. */
export type EventEnvelope = TurnTokenEvent | TurnThinkingEvent | TurnToolCallEvent | TurnToolResultEvent | TurnDoneEvent | TurnErrorEvent | SessionCancelledEvent;

/** Streaming token from model output. */
export interface TurnTokenEvent {
  readonly event: "turn.token";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** Opaque turn identifier, prefixed `turn-`. */
  readonly turnId: TurnId;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: TurnTokenData;
}

/** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
export type Seq = number;

/** Opaque session identifier, prefixed `sess-`. */
export type SessionId = string;

/** Opaque turn identifier, prefixed `turn-`. */
export type TurnId = string;

/** When the daemon emitted the event (RFC 3339). */
export type EventTime = string;

export interface TurnTokenData {
  /** A piece of the model's visible output. */
  readonly token: string;
}

/** Model reasoning/thinking output. */
export interface TurnThinkingEvent {
  readonly event: "turn.thinking";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** Opaque turn identifier, prefixed `turn-`. */
  readonly turnId: TurnId;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: TurnThinkingData;
}

export interface TurnThinkingData {
  /** A piece of the model's reasoning output. */
  readonly token: string;
}

/** Model invoked a tool. */
export interface TurnToolCallEvent {
  readonly event: "turn.tool_call";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** Opaque turn identifier, prefixed `turn-`. */
  readonly turnId: TurnId;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: TurnToolCallData;
}

export interface TurnToolCallData {
  /** Pairs this call with its turn.tool_result. */
  readonly callId: string;
  readonly toolName: string;
  /** Arguments the model passed to the tool. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** Tool execution result. */
export interface TurnToolResultEvent {
  readonly event: "turn.tool_result";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** Opaque turn identifier, prefixed `turn-`. */
  readonly turnId: TurnId;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: TurnToolResultData;
}

export interface TurnToolResultData {
  readonly callId: string;
  readonly toolName: string;
  /** What the tool returned (any JSON value). */
  readonly result: unknown;
  /** True when the tool failed; the turn may still go on. */
  readonly isError: boolean;
}

/** Turn completed successfully. Stop event. */
export interface TurnDoneEvent {
  readonly event: "turn.done";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** Opaque turn identifier, prefixed `turn-`. */
  readonly turnId: TurnId;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: TurnDoneData;
  /** Figures of a completed turn. */
  readonly stats: TurnStats;
}

export interface TurnDoneData {
  /** Why generation ended. */
  readonly finishReason: "stop" | "length" | "tool_limit";
}

/** Figures of a completed turn. */
export interface TurnStats {
  /** Prompt tokens consumed. */
  readonly inputTokens: number;
  /** Tokens the model produced. */
  readonly outputTokens: number;
  /** Wall time from turn start to the stop event. */
  readonly durationMs: number;
  /** outputTokens per second of generation. */
  readonly tokensPerSecond: number;
  /** Number of tool calls in the turn. */
  readonly toolCalls: number;
}

/** Error during inference or tool execution. Stop event. */
export interface TurnErrorEvent {
  readonly event: "turn.error";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  /** Opaque turn identifier, prefixed `turn-`. */
  readonly turnId: TurnId;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: TurnErrorData;
}

export interface TurnErrorData {
  /** Machine-readable cause, e.g. model_unavailable or tool_failed. */
  readonly code: string;
  /** Human-readable description. */
  readonly message: string;
}

/** Session was cancelled by user. Stop event for the running turn; `turnId` is null when no turn was running. */
export interface SessionCancelledEvent {
  readonly event: "session.cancelled";
  /** Position of an event in its session. The first event is 1; each next event is +1, with no gaps. */
  readonly seq: Seq;
  /** Opaque session identifier, prefixed `sess-`. */
  readonly sessionId: SessionId;
  readonly turnId: TurnId | null;
  /** When the daemon emitted the event (RFC 3339). */
  readonly time: EventTime;
  readonly data: SessionCancelledData;
}

export interface SessionCancelledData {
  /** Who cancelled the session. */
  readonly reason: "user" | "shutdown";
}

/** Every event name the contract defines, in contract order. */
export const EVENT_NAMES = ["turn.token","turn.thinking","turn.tool_call","turn.tool_result","turn.done","turn.error","session.cancelled"] as const;

/** The name of an event (the value of `envelope.event`). */
export type EventName = (typeof EVENT_NAMES)[number];

/** From event name to its envelope type. */
export interface EventMap {
  readonly "turn.token": TurnTokenEvent;
  readonly "turn.thinking": TurnThinkingEvent;
  readonly "turn.tool_call": TurnToolCallEvent;
  readonly "turn.tool_result": TurnToolResultEvent;
  readonly "turn.done": TurnDoneEvent;
  readonly "turn.error": TurnErrorEvent;
  readonly "session.cancelled": SessionCancelledEvent;
}

/** Events after which no more events are emitted for their turn (`x-opta-stop-event: true`). */
export const STOP_EVENTS = ["turn.done","turn.error","session.cancelled"] as const;

/** The name of a stop event. */
export type StopEventName = (typeof STOP_EVENTS)[number];

/** An envelope that ends its turn. */
export type StopEvent = EventMap[StopEventName];
