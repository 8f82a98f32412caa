/**
 * Writes the API's OpenAPI description to packages/web/src/api/openapi.json, where the web client's
 * types are generated from (`npm run api:generate`). Needs no running server: the app is built on a
 * throwaway in-memory PGlite. The drift test (openapi-drift.test.ts) fails when the committed file
 * differs from what the code describes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { prepareDatabase } from '../database.ts';
import { openPglite } from '../platform/db.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('../../../web/src/api/openapi.json', import.meta.url));

/** The OpenAPI document as committed: pretty-printed JSON with a trailing newline. */
export async function renderOpenApi(): Promise<string> {
  const db = await openPglite();
  try {
    await prepareDatabase(db);
    const { app } = await buildApp({ db, logLevel: 'silent' });
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  writeFileSync(OPENAPI_FILE, await renderOpenApi());
  console.log(`OpenAPI 描述已写入 ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
