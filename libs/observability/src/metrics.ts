import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { ObservabilityError } from './errors.js';

/**
 * Creates the metrics registry of one service process: Node.js default metrics (event loop lag,
 * memory, GC, handles) without a name prefix, and `service` as a label on every series.
 */
export function createMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Name, help text and label names of one metric family. */
export interface MetricDefinition<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
}

export interface HistogramDefinition<L extends string> extends MetricDefinition<L> {
  /** Upper bounds of the buckets, in the unit named by the metric name. */
  buckets: readonly number[];
}

/** Returns the registry's counter with this name, creating it on first use. */
export function counter<L extends string>(registry: Registry, definition: MetricDefinition<L>): Counter<L> {
  return singleMetric(registry, definition.name, Counter, () => {
    return new Counter<L>({ ...definition, labelNames: [...definition.labelNames], registers: [registry] });
  });
}

/** Returns the registry's gauge with this name, creating it on first use. */
export function gauge<L extends string>(registry: Registry, definition: MetricDefinition<L>): Gauge<L> {
  return singleMetric(registry, definition.name, Gauge, () => {
    return new Gauge<L>({ ...definition, labelNames: [...definition.labelNames], registers: [registry] });
  });
}

/** Returns the registry's histogram with this name, creating it on first use. */
export function histogram<L extends string>(
  registry: Registry,
  definition: HistogramDefinition<L>,
): Histogram<L> {
  return singleMetric(registry, definition.name, Histogram, () => {
    return new Histogram<L>({
      ...definition,
      labelNames: [...definition.labelNames],
      buckets: [...definition.buckets],
      registers: [registry],
    });
  });
}

// prom-client throws when a name is registered twice, so components that share a family get the
// instance that the first caller registered.
function singleMetric<M extends object>(
  registry: Registry,
  name: string,
  type: abstract new (...args: never[]) => M,
  create: () => M,
): M {
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (!(existing instanceof type)) {
    throw new ObservabilityError(
      'OBSERVABILITY_ERR_METRIC_CONFLICT',
      `Metric ${name} is already registered as another metric type; rename one of them`,
    );
  }
  return existing;
}
