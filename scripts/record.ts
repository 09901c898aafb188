/**
 * `npm run record -- --url http://127.0.0.1:9999 --session sess-… --out ./session.yaml`:
 * records a session from any daemon speaking the v3 contract into a scenario file the mock
 * replays with its original pacing (`npm run mock -- --scenario ./session.yaml`). `--help` lists the flags.
 */
import { runRecordCli } from '../src/mock/record-cli.js';

process.exitCode = await runRecordCli(process.argv.slice(2));
