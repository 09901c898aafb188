// generated — do not edit. Source: specs/daemon-v3.openapi.yaml (npm run generate: scripts/generate.ts).

/** The operationId of each `METHOD path` of the REST contract. */
export const OPERATION_IDS = {
  "GET /v3/health": "getHealth",
  "GET /v3/sessions": "listSessions",
  "POST /v3/sessions": "createSession",
  "GET /v3/sessions/{sessionId}": "getSession",
  "POST /v3/sessions/{sessionId}/close": "closeSession",
  "POST /v3/sessions/{sessionId}/cancel": "cancelSession",
  "POST /v3/sessions/{sessionId}/turns": "submitTurn",
  "GET /v3/sessions/{sessionId}/turns/{turnId}": "getTurn",
  "GET /v3/sessions/{sessionId}/events": "getEvents",
} as const;

/** A `METHOD path` key of the contract, e.g. `GET /v3/sessions/{sessionId}`. */
export type OperationKey = keyof typeof OPERATION_IDS;
