// @ts-check
/**
 * The mock inspector page: follows the live feed (GET /_mock/api/feed, newline-delimited JSON)
 * and drives the control API (POST /_mock/api/…). Plain DOM, no framework, no build step.
 * Everything from the daemon is put on the page as text (textContent), never as HTML.
 *
 * The token is asked for once per tab, kept in sessionStorage, and sent only in the
 * Authorization header (never in a URL).
 */

const TOKEN_KEY = 'opta-mock-token';
/** Events kept per session timeline (older ones scroll away). */
const TIMELINE_LIMIT = 300;
/** Closed connections listed. */
const CLOSED_LIMIT = 12;
const FEED_RETRY_MS = 1000;

/** @typedef {{ event: string, seq: number, sessionId: string, turnId: string | null, time: string, data: any }} Envelope */
/** @typedef {{ id: string, state: string, openedAt: string, subscribeAll: boolean, cursors: Record<string, number>, sentEvents: number, heldFrames: number }} Client */
/** @typedef {{ id: string, status: string, content: string, firstSeq: number | null, lastSeq: number | null }} TurnView */
/** @typedef {{ id: string, title: string | null, model: string, mode: string, status: string, headSeq: number, oldestSeq: number, activeTurnId: string | null, turns: TurnView[] }} SessionView */
/** @typedef {{ epoch: string, faults: Record<string, number>, blackholeMs: number, scenario: string, scenarios: { name: string, description: string, turns: number }[], paceMs: number, speed: number, sessions: SessionView[], clients: Client[] }} State */

/** @param {string} id */
function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`inspector page: no #${id}`);
  return found;
}

/**
 * Creates an element with attributes and text or child nodes.
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} [children]
 */
function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** @param {string} iso */
function clock(iso) {
  return iso.slice(11, 23);
}

// ---------------------------------------------------------------------------------------------
// Token

function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** @param {string} message */
function askForToken(message) {
  byId('app').hidden = true;
  byId('token-form').hidden = false;
  byId('token-error').textContent = message;
  byId('token').focus();
}

function authHeaders() {
  return { authorization: `Bearer ${storedToken()}` };
}

// ---------------------------------------------------------------------------------------------
// Control API

/**
 * POSTs a control action and shows its outcome.
 * @param {string} path e.g. `drop`, `faults`, `sessions/ID/expire`
 * @param {unknown} [body]
 */
async function control(path, body = {}) {
  const result = byId('action-result');
  try {
    const response = await fetch(`/_mock/api/${path}`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status === 401) return askForToken('The mock refused the token; paste the one it printed.');
    result.className = response.ok ? '' : 'error';
    result.textContent = `${clock(new Date().toISOString())} ${path}: ${response.ok ? summarise(answer) : answer.message}`;
  } catch (error) {
    result.className = 'error';
    result.textContent = `${path}: ${String(error)}`;
  }
}

/**
 * A control answer in a few words: the faults that are on, or the answer's fields.
 * @param {Record<string, any>} answer
 */
function summarise(answer) {
  if (answer['faults']) {
    const on = Object.entries(answer['faults']).filter(([name, value]) => value !== 0 && name !== 'retryAfterSeconds');
    return on.length ? `on: ${on.map(([name, value]) => `${name} ${value}`).join(', ')}` : 'no faults';
  }
  return Object.entries(answer).map(([name, value]) => `${name} ${value}`).join(', ') || 'done';
}

function wireSwitches() {
  byId('switches').addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('button[data-action]');
    if (!(button instanceof HTMLButtonElement)) return;
    switch (button.dataset['action']) {
      case 'drop':
        return void control('drop');
      case 'blackhole':
        return void control('blackhole', { seconds: Number(/** @type {HTMLInputElement} */ (byId('blackhole-seconds')).value) });
      case 'clear-faults':
        return void control('faults', { dropEveryNEvents: 0, dropProbability: 0, latencyMs: 0, restErrorRate: 0, rateLimitRate: 0 }).then(() => control('blackhole', { seconds: 0 }));
      case 'restart':
        return void control('restart');
    }
  });
  for (const input of document.querySelectorAll('input[data-fault]')) {
    input.addEventListener('change', () => {
      const field = /** @type {HTMLInputElement} */ (input).dataset['fault'] ?? '';
      void control('faults', { [field]: Number(/** @type {HTMLInputElement} */ (input).value) });
    });
  }
  byId('scenario').addEventListener('change', () => {
    void control('scenario', { name: /** @type {HTMLSelectElement} */ (byId('scenario')).value });
  });
  byId('sessions').addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('button[data-action="expire"]');
    if (button instanceof HTMLButtonElement) void control(`sessions/${encodeURIComponent(button.dataset['sessionId'] ?? '')}/expire`, { keep: 0 });
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** @type {State | undefined} */
let lastState;
/** @type {Map<string, Client>} */
const knownClients = new Map();
/** Last event time per session, for the gaps shown in the timeline. */
const lastEventTime = new Map();

/** @param {Envelope} e */
function describeData(e) {
  const d = e.data ?? {};
  switch (e.event) {
    case 'turn.token':
    case 'turn.thinking':
      return JSON.stringify(d.token);
    case 'turn.tool_call':
      return `${d.toolName}(${JSON.stringify(d.args)})`;
    case 'turn.tool_result':
      return `${d.toolName} → ${JSON.stringify(d.result)}${d.isError ? ' (error)' : ''}`;
    case 'turn.done':
      return `finishReason ${d.finishReason}`;
    case 'turn.error':
      return `${d.code}: ${d.message}`;
    case 'session.cancelled':
      return `reason ${d.reason}`;
    default:
      return JSON.stringify(d);
  }
}

/** @param {string} sessionId */
function sessionCard(sessionId) {
  const existing = document.querySelector(`article.session[data-session="${CSS.escape(sessionId)}"]`);
  if (existing) return existing;
  const card = el('article', { class: 'session', 'data-session': sessionId }, [
    el('header', {}, [
      el('code', { class: 'id' }, [sessionId]),
      el('span', { class: 'badge status' }),
      el('span', { class: 'meta hint' }),
      el('button', { type: 'button', 'data-action': 'expire', 'data-session-id': sessionId, title: 'Drop the held events: older cursors get cursor_expired' }, ['Expire buffer']),
    ]),
    el('ul', { class: 'turns' }),
    el('p', { class: 'text', hidden: '' }),
    el('ol', { class: 'timeline', 'aria-label': `events of ${sessionId}` }),
  ]);
  byId('sessions').prepend(card);
  return card;
}

/** @param {Envelope} e */
function addEvent(e) {
  const card = sessionCard(e.sessionId);
  const timeline = /** @type {HTMLElement} */ (card.querySelector('.timeline'));
  if (timeline.querySelector(`li[data-seq="${e.seq}"]`)) return; // the snapshot and a live frame may overlap
  const previous = lastEventTime.get(e.sessionId);
  const now = Date.parse(e.time);
  const gap = previous === undefined ? '' : `+${Math.max(0, now - previous)} ms`;
  lastEventTime.set(e.sessionId, now);
  const item = el('li', { 'data-seq': String(e.seq), 'data-event': e.event }, [
    el('span', { class: 'seq' }, [`#${e.seq}`]),
    el('span', { class: `event ev-${e.event.replace('.', '-')}` }, [e.event]),
    el('span', { class: 'data', title: JSON.stringify(e.data) }, [describeData(e)]),
    el('time', { datetime: e.time, title: clock(e.time) }, [gap || clock(e.time)]),
  ]);
  const atBottom = timeline.scrollTop + timeline.clientHeight >= timeline.scrollHeight - 4;
  timeline.append(item);
  while (timeline.children.length > TIMELINE_LIMIT) timeline.firstElementChild?.remove();
  if (atBottom) timeline.scrollTop = timeline.scrollHeight;

  const text = /** @type {HTMLElement} */ (card.querySelector('.text'));
  if (e.event === 'turn.token') {
    if (text.dataset['turn'] !== e.turnId) {
      text.dataset['turn'] = e.turnId ?? '';
      text.textContent = '';
    }
    text.hidden = false;
    text.textContent += e.data.token;
  }
}

/** @param {string} message */
function markAllTimelines(message) {
  for (const timeline of document.querySelectorAll('.timeline')) {
    timeline.append(el('li', { class: 'marker' }, [message]));
  }
  lastEventTime.clear();
}

/** @param {SessionView} s */
function renderSession(s) {
  const card = /** @type {HTMLElement} */ (sessionCard(s.id));
  card.dataset['headSeq'] = String(s.headSeq);
  card.dataset['oldestSeq'] = String(s.oldestSeq);
  const status = /** @type {HTMLElement} */ (card.querySelector('.status'));
  status.textContent = s.status;
  status.className = `badge status ${s.status}`;
  /** @type {HTMLElement} */ (card.querySelector('.meta')).textContent =
    `${s.mode} · ${s.model} · head ${s.headSeq} · oldest held ${s.oldestSeq}${s.title ? ` · ${s.title}` : ''}`;
  const turns = /** @type {HTMLElement} */ (card.querySelector('.turns'));
  turns.replaceChildren(
    ...s.turns.map((t) =>
      el('li', { 'data-turn': t.id, 'data-status': t.status }, [
        el('span', { class: `badge ${t.status}` }, [t.status]),
        ' ',
        el('code', {}, [t.id]),
        ` seq ${t.firstSeq ?? '–'}…${t.lastSeq ?? '–'} `,
        el('span', { class: 'hint' }, [t.content]),
      ]),
    ),
  );
}

/** @param {Client} c */
function clientRow(c) {
  const cursors = Object.entries(c.cursors).map(([session, seq]) => `${session} → ${seq}`).join('\n');
  return el('tr', { 'data-client': c.id, 'data-state': c.state }, [
    el('td', {}, [c.id]),
    el('td', { class: `state-${c.state}` }, [c.state + (c.subscribeAll ? ' · all' : '')]),
    el('td', { class: 'cursors' }, [cursors || '–']),
    el('td', {}, [String(c.sentEvents)]),
    el('td', {}, [String(c.heldFrames)]),
    el('td', {}, [clock(c.openedAt)]),
  ]);
}

/** @param {Client[]} clients */
function renderClients(clients) {
  byId('clients').replaceChildren(...clients.map(clientRow));
  byId('client-count').textContent = `${clients.length} open`;
  const open = new Set(clients.map((c) => c.id));
  const closedList = byId('closed-clients');
  for (const [id, last] of knownClients) {
    if (open.has(id)) continue;
    knownClients.delete(id);
    const cursors = Object.entries(last.cursors).map(([session, seq]) => `${session} → ${seq}`).join(', ');
    closedList.prepend(el('li', { 'data-closed-client': id }, [`${clock(new Date().toISOString())} ${id} gone (last cursors: ${cursors || 'none'})`]));
    while (closedList.children.length > CLOSED_LIMIT) closedList.lastElementChild?.remove();
  }
  for (const c of clients) knownClients.set(c.id, c);
}

/** @param {State} state */
function renderSwitches(state) {
  for (const input of document.querySelectorAll('input[data-fault]')) {
    const field = /** @type {HTMLInputElement} */ (input).dataset['fault'] ?? '';
    // Leave a field alone while it is being edited.
    if (document.activeElement !== input) /** @type {HTMLInputElement} */ (input).value = String(state.faults[field] ?? 0);
  }
  byId('blackhole-status').textContent = state.blackholeMs > 0 ? `black hole: ${(state.blackholeMs / 1000).toFixed(1)} s left` : '';
  const select = /** @type {HTMLSelectElement} */ (byId('scenario'));
  const names = state.scenarios.map((s) => s.name).join('\n');
  if (select.dataset['names'] !== names) {
    select.dataset['names'] = names;
    select.replaceChildren(...state.scenarios.map((s) => el('option', { value: s.name }, [s.turns > 1 ? `${s.name} (${s.turns} turns)` : s.name])));
  }
  if (document.activeElement !== select) select.value = state.scenario;
  byId('scenario-description').textContent = state.scenarios.find((s) => s.name === state.scenario)?.description ?? '';
  byId('pace').textContent = `${state.paceMs} ms${state.speed !== 1 ? ` · speed ${state.speed}` : ''}`;
}

/** @param {State} state */
function renderState(state) {
  if (lastState && lastState.epoch !== state.epoch) markAllTimelines(`daemon restarted: epoch ${state.epoch} (seqs start again from 1)`);
  byId('epoch').textContent = state.epoch;
  for (const s of [...state.sessions].reverse()) renderSession(s);
  byId('session-count').textContent = `${state.sessions.length}`;
  renderClients(state.clients);
  renderSwitches(state);
  lastState = state;
}

// ---------------------------------------------------------------------------------------------
// Live feed

/** @param {any} message */
function onFeedMessage(message) {
  switch (message.type) {
    case 'snapshot':
      renderState(message.state);
      for (const e of message.events) addEvent(e);
      return;
    case 'event':
      return addEvent(message.envelope);
    case 'state':
      return renderState(message.state);
  }
}

/** @param {'live' | 'connecting' | 'offline'} status */
function setFeedStatus(status) {
  const badge = byId('feed-status');
  badge.dataset['status'] = status;
  badge.textContent = status;
}

/** Reads the feed until it ends; resolves false when the token was refused. */
async function readFeed() {
  setFeedStatus('connecting');
  const response = await fetch('/_mock/api/feed', { headers: authHeaders() });
  if (response.status === 401) return false;
  if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
  byId('token-form').hidden = true;
  byId('app').hidden = false;
  setFeedStatus('live');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return true;
    buffer += value;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line) onFeedMessage(JSON.parse(line));
      newline = buffer.indexOf('\n');
    }
  }
}

let following = false;

/** Follows the feed, coming back after the mock was away (one loop per page). */
async function follow() {
  if (following) return;
  following = true;
  try {
    await followLoop();
  } finally {
    following = false;
  }
}

async function followLoop() {
  for (;;) {
    try {
      const accepted = await readFeed();
      if (!accepted) {
        sessionStorage.removeItem(TOKEN_KEY);
        return askForToken('The mock refused the token; paste the one it printed.');
      }
    } catch {
      // The mock is stopping or stopped; try again shortly.
    }
    setFeedStatus('offline');
    await new Promise((resolve) => setTimeout(resolve, FEED_RETRY_MS));
  }
}

function start() {
  wireSwitches();
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, /** @type {HTMLInputElement} */ (byId('token')).value.trim());
    /** @type {HTMLInputElement} */ (byId('token')).value = '';
    byId('token-error').textContent = '';
    void follow();
  });
  if (storedToken()) void follow();
  else askForToken('');
}

start();
