import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi.ts';

type Doc = { paths?: Record<string, unknown> };

/** Which operations differ, so a failure says where to look. */
function changedPaths(committed: Doc, current: Doc): string[] {
  const a = committed.paths ?? {};
  const b = current.paths ?? {};
  const all = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return all.filter((p) => JSON.stringify(a[p]) !== JSON.stringify(b[p]));
}

// The web client's types are generated from the committed openapi.json (CRAFT §4, §11): when the
// routes' zod schemas change, the committed file and the generated schema.d.ts must change with them.
test('the committed OpenAPI description matches the code (else run `npm run api:generate`)', async () => {
  const committed = readFileSync(OPENAPI_FILE, 'utf8');
  const current = await renderOpenApi();
  if (current === committed) return;
  const paths = changedPaths(JSON.parse(committed), JSON.parse(current));
  expect.fail(
    `packages/web/src/api/openapi.json is stale: run \`npm run api:generate\` and commit the result.\n` +
      `Changed: ${paths.length > 0 ? paths.join(', ') : 'document metadata or formatting'}`,
  );
});
