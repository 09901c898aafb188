/**
 * A plain, self-contained HTML reference of the AsyncAPI contract (for `npm run docs`): info,
 * server, close codes, limits, the two operations and every message with its payload schema and
 * examples. Rendered from the document @asyncapi/parser resolved (every $ref replaced), with no
 * template engine: @asyncapi/html-template pulls in puppeteer and React, which this needs not.
 */
import { parseAsyncApi } from '../lib/asyncapi-load.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** Inline markdown of the spec's descriptions: `code` only (everything else stays text). */
function inline(value: string): string {
  return escapeHtml(value).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The block markdown the spec's descriptions use: `## headings`, `- lists`, paragraphs. */
export function markdownToHtml(markdown: string): string {
  const blocks = markdown.trim().split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      const heading = /^(#{1,4})\s+(.*)$/.exec(lines[0] ?? '');
      if (heading) {
        const rest = lines.slice(1).join('\n');
        return `<h4>${inline(heading[2] ?? '')}</h4>${rest.trim() ? markdownToHtml(rest) : ''}`;
      }
      if (lines.every((line) => /^\s*-\s|^\s{2,}\S/.test(line))) {
        const items = block.split(/\n\s*-\s/).map((item) => item.replace(/^\s*-\s/, '').replace(/\s*\n\s*/g, ' '));
        return `<ul>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`;
      }
      return `<p>${inline(lines.join(' '))}</p>`;
    })
    .join('\n');
}

function jsonBlock(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function messageSection(key: string, message: Json): string {
  const name = text(message['name']) || key;
  const examples = Array.isArray(message['examples']) ? (message['examples'] as Json[]) : [];
  return [
    `<section id="message-${escapeHtml(name)}">`,
    `<h3><code>${escapeHtml(name)}</code> — ${inline(text(message['title']))}</h3>`,
    text(message['summary']) ? `<p>${inline(text(message['summary']))}</p>` : '',
    text(message['description']) ? markdownToHtml(text(message['description'])) : '',
    '<details><summary>Payload schema</summary>',
    jsonBlock(message['payload']),
    '</details>',
    ...examples.map((example) => `<p>Example <code>${escapeHtml(text(example['name']))}</code>:</p>${jsonBlock(example['payload'])}`),
    '</section>',
  ].join('\n');
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace;background:#f4f4f4}pre{padding:.6rem;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ddd;margin-top:1.2rem}`;

/** Renders the AsyncAPI document at `file` as one HTML page. */
export async function renderAsyncApiHtml(file: string): Promise<string> {
  const { document, diagnostics } = await parseAsyncApi(file);
  if (!isObject(document)) throw new Error(`${file} does not parse: ${diagnostics.map((d) => d.message).join('; ')}`);
  const info = isObject(document['info']) ? document['info'] : {};
  const servers = isObject(document['servers']) ? document['servers'] : {};
  const operations = isObject(document['operations']) ? document['operations'] : {};
  const components = isObject(document['components']) ? document['components'] : {};
  const messages = isObject(components['messages']) ? components['messages'] : {};
  const closeCodes = Array.isArray(document['x-opta-close-codes']) ? (document['x-opta-close-codes'] as Json[]) : [];
  const limits = isObject(document['x-opta-limits']) ? document['x-opta-limits'] : {};
  // Operations list resolved message objects; the components name them (same objects, shared by the parser).
  const nameOf = new Map<unknown, string>(Object.entries(messages).map(([key, message]) => [message, text((message as Json)['name']) || key]));

  const title = `${text(info['title'])} ${text(info['version'])}`;
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>AsyncAPI ${escapeHtml(text(document['asyncapi']))} · generated from <code>${escapeHtml(file.split('/').pop() ?? file)}</code> by <code>npm run docs</code></p>`,
    markdownToHtml(text(info['description'])),
    '<h2>Servers</h2>',
    table(['name', 'URL', 'description'], Object.entries(servers).map(([name, server]) => {
      const s = server as Json;
      return [escapeHtml(name), `<code>${escapeHtml(`${text(s['protocol'])}://${text(s['host'])}${text(s['pathname'])}`)}</code>`, inline(text(s['description']))];
    })),
    '<h2>Close codes</h2>',
    table(['code', 'name', 'fatal', 'meaning'], closeCodes.map((c) => [escapeHtml(String(c['code'])), `<code>${escapeHtml(text(c['name']))}</code>`, c['fatal'] === true ? 'yes' : 'no', inline(text(c['description']))])),
    '<h2>Limits</h2>',
    table(['limit', 'value'], Object.entries(limits).map(([name, value]) => [`<code>${escapeHtml(name)}</code>`, escapeHtml(String(value))])),
    '<h2>Operations</h2>',
    ...Object.entries(operations).map(([id, operation]) => {
      const op = operation as Json;
      const list = Array.isArray(op['messages']) ? op['messages'] : [];
      const links = list.map((message) => nameOf.get(message) ?? '?').map((name) => `<a href="#message-${escapeHtml(name)}"><code>${escapeHtml(name)}</code></a>`);
      return `<section><h3>${escapeHtml(id)} (${escapeHtml(text(op['action']))}) — ${inline(text(op['title']))}</h3><p>${inline(text(op['description']))}</p><p>Messages: ${links.join(', ')}</p></section>`;
    }),
    '<h2>Messages</h2>',
    ...Object.entries(messages).map(([key, message]) => messageSection(key, message as Json)),
    '</body></html>',
  ];
  return `${parts.filter((part) => part !== '').join('\n')}\n`;
}
