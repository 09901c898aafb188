// Loads spec files as plain JSON values (the `yaml` package; YAML 1.2 core schema, so `3.0.0`
// stays a string and `2026-11-24T…` is not turned into a Date).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export async function loadYaml(file: string): Promise<Json> {
  return parse(await readFile(file, 'utf8')) as Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
