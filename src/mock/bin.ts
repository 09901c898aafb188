#!/usr/bin/env node
// `npx opta-mock [flags]`: the package's bin (dist/opta-mock.js). The command line lives in cli.ts.
import { runMockCli } from './cli.js';

await runMockCli(process.argv.slice(2), { program: 'opta-mock' });
