/**
 * The API reports (etc/*.api.md): @microsoft/api-extractor over the built declarations of each
 * public entry. `npm run api:check` fails when the public surface differs from the committed
 * report; `npm run api:update` rewrites the reports after a change made on purpose.
 * Both build first (the declarations come from tsup).
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each entry of package.json's `exports` with its own declarations, and its report's name. */
export const API_ENTRIES = [
  { declarations: 'dist/index.d.ts', report: 'daemon-client-browser', entry: '@opta/daemon-client/browser (and the root outside Node)' },
  { declarations: 'dist/node.d.ts', report: 'daemon-client', entry: '@opta/daemon-client (Node) and @opta/daemon-client/node' },
  { declarations: 'dist/keyring.d.ts', report: 'daemon-client-keyring', entry: '@opta/daemon-client/keyring' },
  { declarations: 'dist/mock.d.ts', report: 'daemon-client-mock', entry: '@opta/daemon-client/mock' },
] as const;

const update = process.argv.includes('--update');
let failed = 0;
for (const { declarations, report, entry } of API_ENTRIES) {
  const base = ExtractorConfig.loadFile(`${ROOT}api-extractor.json`);
  const config = ExtractorConfig.prepare({
    configObject: { ...base, mainEntryPointFilePath: `${ROOT}${declarations}`, apiReport: { ...base.apiReport!, enabled: true, reportFileName: report } },
    configObjectFullPath: `${ROOT}api-extractor.json`,
    packageJsonFullPath: `${ROOT}package.json`,
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false, messageCallback: (message) => {
    // Warnings are in the report itself (ae-forgotten-export); keep the console to the verdict.
    if (message.logLevel === 'warning') message.handled = true;
  } });
  const verdict = result.succeeded ? (result.apiReportChanged ? 'updated' : 'unchanged') : 'differs from the committed report';
  console.log(`api ${result.succeeded ? 'ok  ' : 'FAIL'} etc/${report}.api.md (${entry}): ${verdict}`);
  if (!result.succeeded) failed += 1;
}
if (failed > 0) {
  console.log('The public API changed. If on purpose: npm run api:update, then commit etc/*.api.md with the change.');
  process.exit(1);
}
