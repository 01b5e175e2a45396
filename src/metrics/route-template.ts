/** What of an Express request names its route: set by the router once a route matched. */
export interface RoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** The label of requests no route of the application answered (unknown paths, refused before routing). */
export const UNMATCHED = 'unmatched';

/**
 * The route template a request was answered by (`/api/v1/needs/:id`), never its URL: a label per
 * id would grow without bound. Read when the response has finished, so requests refused before
 * routing (the body parser) or by no route at all are `unmatched`. Nest answers unknown paths
 * under the global prefix from a catch-all route (`*path`); the API declares no wildcard route of
 * its own, so a wildcard means unmatched.
 */
export function routeTemplateOf(req: RoutedRequest): string {
  const path = req.route?.path;
  if (typeof path !== 'string' || path.includes('*')) return UNMATCHED;
  return `${req.baseUrl ?? ''}${path}`;
}
