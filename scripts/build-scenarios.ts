/**
 * Build step (run by tsup, see tsup.config.ts): the built-in scenarios, written in YAML in
 * src/mock/scenarios/, are checked by the mock's own loader and written as JSON to
 * dist/scenarios/, so the installed mock needs no YAML parser at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarios } from '../src/mock/scenarios.js';

export function writeScenariosAsJson(sourceDir: string, targetDir: string): string[] {
  mkdirSync(targetDir, { recursive: true });
  const scenarios = loadScenarios(sourceDir);
  for (const scenario of scenarios.values()) {
    const data = { description: scenario.description, steps: scenario.steps };
    writeFileSync(join(targetDir, `${scenario.name}.json`), `${JSON.stringify(data, null, 2)}\n`);
  }
  return [...scenarios.keys()];
}
