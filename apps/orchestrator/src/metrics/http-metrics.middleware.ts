import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/** Counts requests by route template (not raw path, so symbols do not explode the label set). */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const labels = { method: req.method, route };
      metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
      metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
    });
    next();
  };
}
