/**
 * `npm run mock` — the mock Opta daemon v3 for frontend work: REST and WebSocket on one port,
 * stateful, validated against the specs at run time. `--help` lists the flags. The command line
 * is the package's own (src/mock/cli.ts), the same as `npx opta-mock`.
 */
import { runMockCli } from '../src/mock/cli.js';

await runMockCli(process.argv.slice(2), { program: 'npm run mock --' });
