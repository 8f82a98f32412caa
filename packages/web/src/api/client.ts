import createClient from 'openapi-fetch';
import { ApiError } from './request-error.ts';
import type { paths } from './schema';

/** The one API client: paths, parameters and bodies are typed from the server's OpenAPI (schema.d.ts). */
export const api = createClient<paths>({ credentials: 'same-origin' });

type Outcome<D> =
  | { data: D; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * Resolves to the response body, or throws an {@link ApiError} built from our error body.
 * (openapi-fetch types a success body as possibly undefined; a 2xx with a JSON schema always has one.)
 */
export async function unwrap<D>(request: Promise<Outcome<D>>): Promise<Exclude<D, undefined>> {
  let outcome: Outcome<D>;
  try {
    outcome = await request;
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (outcome.error !== undefined || !outcome.response.ok) {
    throw ApiError.fromResponse(outcome.response.status, outcome.error);
  }
  return outcome.data as Exclude<D, undefined>;
}
