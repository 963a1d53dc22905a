import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Metric names follow `churn_<service>_<noun>_<unit>`; service names become snake_case. */
export function metricPrefix(service: string): string {
  return `churn_${service.replace(/[^a-zA-Z0-9]/g, '_')}_`;
}

/** Returns the metric already registered under `name`, or registers the one `create` builds. */
export function getOrCreateMetric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The metrics every service exposes; stages add their own through `getOrCreateMetric`. */
export interface ServiceMetrics {
  eventsHandled: Counter<'type' | 'outcome'>;
  eventDuration: Histogram<'type'>;
  rowsProcessed: Counter<'direction'>;
  stageRuns: Counter<'outcome'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
}

/** A registry with default process metrics plus the service's counters and histograms. */
export function createServiceRegistry(service: string): { registry: Registry; metrics: ServiceMetrics } {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const p = metricPrefix(service);
  const metrics: ServiceMetrics = {
    eventsHandled: new Counter({
      name: `${p}events_handled_total`,
      help: 'Events handled, by type and outcome (succeeded, failed, duplicate)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    eventDuration: new Histogram({
      name: `${p}event_handling_duration_seconds`,
      help: 'Time to handle one event',
      labelNames: ['type'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    rowsProcessed: new Counter({
      name: `${p}rows_total`,
      help: 'Rows read (in) and written (out) by the stage',
      labelNames: ['direction'],
      registers: [registry],
    }),
    stageRuns: new Counter({
      name: `${p}stage_runs_total`,
      help: 'Stage runs by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: `${p}http_request_duration_seconds`,
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
  return { registry, metrics };
}
