// npm start: the main job. Starts the embedded mock daemon, then uses the SDK as an app would:
// discover the daemon from its state.json, create a session, stream a turn to the terminal,
// cut the connection mid-stream, and show the stream resume with nothing lost or repeated.
import { startMockDaemon } from '../src/mock/index.js';
import { DaemonClient, type EventEnvelope } from '../src/node.js';

const DROP_AFTER_EVENTS = 12;
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
const say = (s: string) => process.stdout.write(`\n${dim(`── ${s}`)}\n`);

const started = performance.now();
const mock = await startMockDaemon({ port: 0, paceMs: 25, heartbeatIntervalMs: 1000 });
say(`mock daemon ready at ${mock.url} in ${Math.round(performance.now() - started)} ms (state.json: ${mock.statePath})`);
say(`inspector: ${mock.inspectorUrl} (live view and fault switches; it asks for the token in state.json; for a mock that stays up: npm run mock)`);

// The app side: no address, no token, just the state file the daemon wrote.
process.env.OPTA_DAEMON_STATE = mock.statePath ?? '';
const client = new DaemonClient();

let exitCode = 1;
try {
  const health = await client.health();
  say(`health: ${health.status}`);

  const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
  say(`session ${session.id} (${session.status})`);

  const ws = client.connectWebSocket();
  const seqs: number[] = [];
  let drops = 0;
  let stop: EventEnvelope | undefined;
  const finished = new Promise<void>((resolve) => {
    ws.on('event', (envelope) => {
      if (envelope.sessionId !== session.id) return;
      seqs.push(envelope.seq);
      switch (envelope.event) {
        case 'turn.thinking': process.stdout.write(dim(envelope.data.token)); break;
        case 'turn.token': process.stdout.write(envelope.data.token); break;
        case 'turn.tool_call': say(`tool ${envelope.data.toolName}(${JSON.stringify(envelope.data.args)})`); break;
        case 'turn.tool_result': say(`result ${JSON.stringify(envelope.data.result)}`); break;
        case 'turn.done':
        case 'turn.error':
        case 'session.cancelled':
          stop = envelope;
          resolve();
          break;
      }
      if (seqs.length === DROP_AFTER_EVENTS) {
        // Cut the socket with no close frame (as a sleeping laptop or a dead Wi-Fi would).
        mock.setFaults({ dropEveryNEvents: 1 });
      }
    });
  });
  ws.on('disconnect', ({ code }) => {
    drops++;
    mock.setFaults({ dropEveryNEvents: 0 });
    say(`WebSocket disconnected (code ${code}) after seq ${seqs.at(-1) ?? 0}`);
  });
  ws.on('reconnect', ({ downtimeMs }) => say(`reconnected in ${Math.round(downtimeMs)} ms, resuming after seq ${seqs.at(-1) ?? 0}`));
  ws.on('resync', (info) => say(`resync: ${JSON.stringify(info)}`));

  const turn = await client.submitTurn(session.id, { content: 'Explain how unified memory works on Apple Silicon' });
  say(`turn ${turn.id} submitted; streaming`);
  await finished;
  ws.close();

  const inOrder = seqs.every((seq, i) => seq === i + 1);
  const stats = stop?.event === 'turn.done' ? stop.stats : undefined;
  say(`stop event ${stop?.event} at seq ${stop?.seq}; stats ${JSON.stringify(stats)}`);
  say(`${seqs.length} events, seq 1..${seqs.at(-1)}, across ${drops} disconnect(s): ${inOrder ? 'none lost, none repeated, in order' : `BROKEN ORDER ${seqs.join(',')}`}`);
  exitCode = inOrder && drops > 0 && stop !== undefined ? 0 : 1;
} catch (error) {
  console.error(error);
} finally {
  await mock.close();
}
process.exit(exitCode);
