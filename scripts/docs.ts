/**
 * Last step of `npm run docs` (after TypeDoc → docs/api/ and Redocly → docs/rest.html): the
 * WebSocket contract as HTML (docs/websocket.html) and docs/index.html linking the three.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
const ASYNCAPI_SPEC = 'specs/daemon-v3.asyncapi.yaml';
import { renderAsyncApiHtml } from './docs/asyncapi-html.js';

const OUT = 'docs';

mkdirSync(OUT, { recursive: true });
writeFileSync(`${OUT}/websocket.html`, await renderAsyncApiHtml(ASYNCAPI_SPEC));
writeFileSync(
  `${OUT}/index.html`,
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>@opta/daemon-client docs</title></head><body>
<h1>@opta/daemon-client</h1>
<ul>
<li><a href="api/index.html">API reference</a> (TypeDoc, from the TSDoc of every public entry)</li>
<li><a href="rest.html">REST contract</a> (OpenAPI 3.1, specs/daemon-v3.openapi.yaml, rendered by Redocly)</li>
<li><a href="websocket.html">WebSocket contract</a> (AsyncAPI 3.0, specs/daemon-v3.asyncapi.yaml)</li>
</ul>
</body></html>
`,
);
console.log(`docs: ${OUT}/index.html, ${OUT}/api/, ${OUT}/rest.html, ${OUT}/websocket.html`);
