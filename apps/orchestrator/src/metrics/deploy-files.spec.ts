import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AuditSink } from '@flotilla/execution';
import { CountingAuditSink } from '../execution/audit-metrics';
import { emptyWindow } from '@flotilla/market-data';
import { registerIngestionMetrics } from '../venue/ingestion-metrics';
import { MetricsService } from './metrics.service';

const ROOT = join(__dirname, '../../../..');
const DASHBOARD = join(ROOT, 'deploy/grafana/flotilla.json');
const RULES = join(ROOT, 'deploy/prometheus/flotilla-rules.yml');

/** Our names and the stock Node.js ones; `up` and other Prometheus-made series are not ours to check. */
const OURS = /\b((?:flotilla|nodejs|process)_[a-zA-Z0-9_:]*)(\{[^}]*\})?/g;
const SERIES_SUFFIX = /_(bucket|sum|count)$/;
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['instance', 'job'];

interface Use {
  name: string;
  labels: string[];
  expr: string;
}

/** Every metric an expression names, with the label names its selector matches on. */
function metricUses(expr: string): Use[] {
  return [...expr.matchAll(OURS)].map((m) => ({
    name: m[1],
    labels: [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map((l) => l[1]),
    expr,
  }));
}

/** name → label names, for the registry the app builds (MetricsService, the audit counter, the hub's ingestion). */
function exported(): Map<string, string[]> {
  const metrics = new MetricsService();
  const noop: AuditSink = { append: () => undefined };
  new CountingAuditSink(noop, metrics.registry);
  registerIngestionMetrics(metrics.registry, emptyWindow);
  const out = new Map<string, string[]>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    const { labelNames } = m as unknown as { labelNames?: string[] };
    out.set(m.name, labelNames ?? []);
  }
  return out;
}

/** What is wrong with one use: an unknown name, or a label the metric does not have. */
function problem(use: Use, names: Map<string, string[]>): string | null {
  const base = names.has(use.name) ? use.name : use.name.replace(SERIES_SUFFIX, '');
  const labels = names.get(base);
  if (labels === undefined) return `${use.name} is not exported (in: ${use.expr})`;
  const allowed = new Set([...labels, ...TARGET_LABELS, ...(base === use.name ? [] : ['le'])]);
  const unknown = use.labels.filter((l) => !allowed.has(l));
  return unknown.length === 0
    ? null
    : `${use.name} has no label ${unknown.join(', ')} (in: ${use.expr})`;
}

function dashboardExprs(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { targets?: { expr: string }[] }[];
    templating: { list: { definition?: string }[] };
  };
  return [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
  ];
}

function ruleExprs(): string[] {
  const rules = parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { expr: string }[] }[] };
  return rules.groups.flatMap((g) => g.rules.map((r) => String(r.expr)));
}

describe('deploy/ dashboards and rules use only names /metrics exports', () => {
  const names = exported();

  it('the checker catches an unknown name and an unknown label', () => {
    const [bad] = metricUses('rate(flotilla_engine_restart_total[5m])');
    expect(problem(bad, names)).toMatch(/flotilla_engine_restart_total is not exported/);
    const [label] = metricUses('flotilla_engine_state{phase="failed"}');
    expect(problem(label, names)).toMatch(/has no label phase/);
    const [bucket] = metricUses('rate(flotilla_tick_to_signal_seconds_bucket{le="0.01"}[5m])');
    expect(problem(bucket, names)).toBeNull();
  });

  it.each([
    ['deploy/grafana/flotilla.json', dashboardExprs],
    ['deploy/prometheus/flotilla-rules.yml', ruleExprs],
  ])('%s', (_file, exprs) => {
    const uses = exprs().flatMap(metricUses);
    expect(uses.length).toBeGreaterThan(10);
    expect(uses.map((u) => problem(u, names)).filter((p) => p !== null)).toEqual([]);
  });

  it('the stock Node.js names are exported without a prefix', () => {
    for (const name of ['nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total']) {
      expect(names.has(name)).toBe(true);
      expect(names.has(`flotilla_${name}`)).toBe(false);
    }
  });
});
