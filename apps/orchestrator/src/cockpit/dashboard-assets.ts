import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where the page's files live: beside the bundle in dist (copied by the build), or in the source tree. */
export const DASHBOARD_DIRS = [join(__dirname, 'web'), join(__dirname, '..', '..', 'web')];
/** The page's scripts and styles; the page itself is at `/`. */
export const DASHBOARD_ASSETS_PREFIX = '/ui';
// No content hashes in the file names: the browser revalidates (ETag, 304) so an upgrade never
// mixes old and new modules.
const REVALIDATE = 'no-cache';

export function findDashboardDir(candidates: readonly string[] = DASHBOARD_DIRS): string | null {
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * The operator's dashboard as static files: GET `/` is the page (no auth: it asks for the token,
 * which then travels as a Bearer header and as the first /ws message, never in a URL) and
 * `/ui/*` its modules and styles. No inline script, so helmet's CSP stays as strict as for the
 * API (`connect-src` falls back to `default-src 'self'`, which covers the same-origin /ws).
 * Without the files (a build that did not copy them) the API still runs and `/` is a 404.
 */
export function serveDashboard(app: INestApplication, dir = findDashboardDir()): void {
  if (dir === null) {
    new Logger('Dashboard').warn(
      `dashboard files not found (looked in ${DASHBOARD_DIRS.join(', ')}); GET / answers 404`,
    );
    return;
  }
  const index = join(dir, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.sendFile(
      index,
      { cacheControl: false, headers: { 'Cache-Control': REVALIDATE } },
      (err) => {
        if (err) next(err);
      },
    );
  });
  app.use(
    DASHBOARD_ASSETS_PREFIX,
    express.static(dir, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      fallthrough: true,
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', REVALIDATE),
    }),
  );
}
