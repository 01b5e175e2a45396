import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { HttpConfig } from '../../config/app-config.js';

export const DOCS_PATH = '/api/docs';

/**
 * helmet for a JSON API: answers are data, never documents, so their CSP allows nothing at all
 * (`default-src 'none'`) — a response that a browser is tricked into rendering runs no script and
 * loads nothing. Swagger UI under `/api/docs` is the one HTML page: its own scripts, styles
 * (Swagger UI sets inline styles) and inline SVG images, from this origin only.
 */
export function securityHeaders(config: HttpConfig): RequestHandler {
  const common = {
    strictTransportSecurity:
      config.hstsMaxAgeSeconds > 0 ? { maxAge: config.hstsMaxAgeSeconds, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' as const },
    // As the CSP's frame-ancestors 'none', for browsers that only read the old header.
    xFrameOptions: { action: 'deny' as const },
  };
  const api = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === DOCS_PATH || req.path.startsWith(`${DOCS_PATH}/`) ? docs : api)(req, res, next);
}

/**
 * Answers carry personal data and territory-dependent content: no browser, proxy or CDN may keep
 * them. A route that wants caching sets its own header after this.
 */
export function noStore(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
