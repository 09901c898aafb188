/**
 * Build step (run by tsup, see tsup.config.ts): the data the installed mock reads, written as
 * JSON beside the built code:
 * - dist/scenarios/*.json: the built-in scenarios (YAML in src/mock/scenarios/), checked by the
 *   mock's own loader first;
 * - dist/mock-contract.json: each operation's method, path and declared responses, derived from
 *   specs/daemon-v3.openapi.yaml (the schemas themselves are the generated validators).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContractTable, CONTRACT_TABLE_FILE, readOpenApiSpec } from '../src/mock/contract-table.js';
import { loadScenarios } from '../src/mock/scenarios.js';

export function writeScenariosAsJson(sourceDir: string, targetDir: string): string[] {
  mkdirSync(targetDir, { recursive: true });
  const scenarios = loadScenarios(sourceDir);
  for (const scenario of scenarios.values()) {
    const [onlyTurn] = scenario.turns;
    const data =
      scenario.turns.length === 1 && onlyTurn
        ? { description: scenario.description, steps: onlyTurn }
        : { description: scenario.description, turns: scenario.turns.map((steps) => ({ steps })) };
    writeFileSync(join(targetDir, `${scenario.name}.json`), `${JSON.stringify(data, null, 2)}\n`);
  }
  return [...scenarios.keys()];
}

export function writeContractTable(targetDir: string): void {
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(join(targetDir, CONTRACT_TABLE_FILE), `${JSON.stringify(buildContractTable(readOpenApiSpec()))}\n`);
}
