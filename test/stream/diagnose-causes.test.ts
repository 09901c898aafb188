/**
 * What an unanswered REST probe means for the message the application gets: outside a browser
 * and on a loopback page, "is it running?"; on any other page origin both causes — the browser
 * reports a refused CORS preflight like a daemon that is not running — and the flag that allows it.
 */
import { describe, expect, it } from 'vitest';
import { classifyProbe } from '../../src/stream/diagnose.js';

const unanswered = { ok: false, error: { name: 'APIConnectionError' } } as const;

describe('classifyProbe: the causes of an unanswered probe', () => {
  it('in Node (no page origin): is it running?', () => {
    expect(classifyProbe(unanswered, undefined)).toMatchObject({ kind: 'unreachable', causes: 'is it running?' });
  });

  it('on a loopback page (always allowed): is it running?', () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'https://[::1]:8443', 'http://localhost']) {
      expect(classifyProbe(unanswered, origin)).toMatchObject({ kind: 'unreachable', causes: 'is it running?' });
    }
  });

  it('on another origin: not running, or this origin not allowed, with --allowed-origin for it', () => {
    for (const origin of ['http://page.test:4000', 'https://app.example', 'tauri://localhost', 'http://localhost.evil.example']) {
      const finding = classifyProbe(unanswered, origin);
      expect(finding.kind).toBe('unreachable');
      const { causes } = finding as { causes: string };
      expect(causes).toMatch(/not running/);
      expect(causes).toContain(`this page's origin ${origin} is not allowed by the daemon`);
      expect(causes).toContain(`--allowed-origin ${origin}`);
    }
  });
});
