// The WebSocket reference of `npm run docs`: rendered from the AsyncAPI contract itself, so every
// message, operation and close code of the spec is on the page.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { markdownToHtml, renderAsyncApiHtml } from '../../scripts/docs/asyncapi-html.js';

const SPEC = 'specs/daemon-v3.asyncapi.yaml';

describe('AsyncAPI HTML reference', () => {
  it('lists every message with its payload, every operation and every close code of the spec', async () => {
    const html = await renderAsyncApiHtml(SPEC);
    const spec = parse(readFileSync(SPEC, 'utf8')) as {
      components: { messages: Record<string, { name: string }> };
      operations: Record<string, unknown>;
      'x-opta-close-codes': { code: number; name: string }[];
    };
    for (const message of Object.values(spec.components.messages)) expect(html).toContain(`id="message-${message.name}"`);
    for (const operation of Object.keys(spec.operations)) expect(html).toContain(`<h3>${operation} (`);
    for (const close of spec['x-opta-close-codes']) expect(html).toContain(`<td>${close.code}</td><td><code>${close.name}</code></td>`);
    expect(html).not.toContain('href="#message-?"'); // every operation's message was named
    expect(html).toContain('&quot;type&quot;'); // payload schemas, escaped
  });

  it('renders the descriptions\' headings, lists and code, escaping HTML', () => {
    expect(markdownToHtml('## Title\nText with `code` and <b>.\n\n- one\n- two `x`')).toBe(
      '<h4>Title</h4><p>Text with <code>code</code> and &lt;b&gt;.</p>\n<ul><li>one</li><li>two <code>x</code></li></ul>',
    );
  });
});
