import type { NextFunction, Request, RequestHandler, Response } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

interface KnownRoute {
  layer: RouteLayer;
  methods: ReadonlySet<string>;
}

/** Express 5's router: route layers in the order they were registered (Nest's, Swagger's). */
function knownRoutes(app: { router?: { stack?: RouteLayer[] } }): KnownRoute[] {
  return (app.router?.stack ?? []).flatMap((layer) => {
    if (!layer.route) return [];
    const methods = Object.entries(layer.route.methods)
      .filter(([, on]) => on)
      .map(([m]) => m.toUpperCase());
    return [{ layer, methods: new Set(methods) }];
  });
}

function allowHeader(methods: ReadonlySet<string>): string {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  return [...all].sort().join(', ');
}

/**
 * A path that exists under another method answers 405 with `Allow`, in the JSON error shape;
 * unknown paths fall through to the 404. The route table is read on the first request, when Nest
 * has registered every route.
 */
export function methodNotAllowedMiddleware(expressApp: {
  router?: { stack?: RouteLayer[] };
}): RequestHandler {
  let routes: KnownRoute[] | null = null;
  return (req: Request, res: Response, next: NextFunction): void => {
    routes ??= knownRoutes(expressApp);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    let allowed: Set<string> | null = null;
    for (const { layer, methods } of routes) {
      if (!layer.match(req.path)) continue;
      if (methods.has(method) || methods.has('_ALL')) return next();
      allowed ??= new Set();
      for (const m of methods) allowed.add(m);
    }
    if (!allowed) return next();
    const allow = allowHeader(allowed);
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    res.status(405).json({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${req.method} is not allowed here; allowed: ${allow}`,
      requestId: String(req.headers['x-request-id'] ?? ''),
    });
  };
}
