import { routeTemplateOf, UNMATCHED } from './route-template.js';

describe('routeTemplateOf', () => {
  it('names the template a route matched, never the URL', () => {
    expect(routeTemplateOf({ baseUrl: '', route: { path: '/api/v1/needs/:id' } })).toBe('/api/v1/needs/:id');
  });

  it('puts the path a router is mounted at before the route', () => {
    expect(routeTemplateOf({ baseUrl: '/api/v1', route: { path: '/needs/:id' } })).toBe('/api/v1/needs/:id');
  });

  it('is unmatched when no route answered (unknown path, refused by the body parser)', () => {
    expect(routeTemplateOf({ baseUrl: '' })).toBe(UNMATCHED);
  });

  it("is unmatched for Nest's catch-all under the prefix, which answers unknown paths with 404", () => {
    expect(routeTemplateOf({ baseUrl: '/api/v1', route: { path: '*path' } })).toBe(UNMATCHED);
  });

  it('is unmatched for a route given as a pattern rather than a string', () => {
    expect(routeTemplateOf({ route: { path: /^\/x/ } })).toBe(UNMATCHED);
  });
});
