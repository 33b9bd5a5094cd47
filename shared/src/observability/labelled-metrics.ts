import type { Registry } from "prom-client";

/**
 * Counters and histograms counted on every request, served by the service's prom-client
 * registry like its other metrics. prom-client's own counted a gateway request four times
 * over with a label object each: every call made a closure, checked the labels, sorted and
 * joined them into a key and looked that up, about a tenth of the gateway's CPU on a small
 * query. Here a series is found by its label values in order (a Map per label), once per
 * call, and a histogram observation is a bucket scan and two additions.
 *
 * The exposition is prom-client's: the registry adds the default labels (`service`) and
 * writes the text, so what Prometheus scrapes does not change.
 */
interface LabelledMetricOptions {
  name: string;
  help: string;
  /** The label names, in the order `inc` and `observe` take their values. */
  labelNames?: readonly string[];
  registers: readonly Registry[];
}

type LabelSet = Record<string, string>;

/** A sample as prom-client's registry reads it (`metricName` for a histogram's parts). */
interface ExposedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** A metric as prom-client's registry reads it to write the exposition. */
export interface ExposedMetric {
  name: string;
  help: string;
  type: "counter" | "histogram";
  aggregator: "sum";
  values: ExposedValue[];
}

/** What a metric keeps per series: its labels and its value(s). */
interface Series<Value> {
  labels: LabelSet;
  value: Value;
}

abstract class LabelledMetric<Value> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** How a registry that merges several (a cluster's) combines the series. */
  readonly aggregator = "sum" as const;
  abstract readonly type: "counter" | "histogram";
  /** Series by their first label value, then the next (the last level holds the series). */
  private index = new Map<string, unknown>();
  protected series: Series<Value>[] = [];

  constructor(
    options: LabelledMetricOptions,
    /** A new series' value. */
    private readonly initial: () => Value,
  ) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    this.reset();
    for (const registry of options.registers) registry.registerMetric(this as never);
  }

  /** The series of these label values (one per label name, in order), made on first use. */
  protected seriesOf(values: readonly string[]): Value {
    const names = this.labelNames;
    if (values.length !== names.length) {
      throw new Error(`${this.name} takes ${names.length} label values, not ${values.length}`);
    }
    if (names.length === 0) return this.series[0]!.value;
    let level = this.index;
    const last = names.length - 1;
    for (let at = 0; at < last; at++) {
      let next = level.get(values[at]!) as Map<string, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(values[at]!, next);
      }
      level = next;
    }
    let value = level.get(values[last]!) as Value | undefined;
    if (value === undefined) {
      value = this.initial();
      level.set(values[last]!, value);
      const labels: LabelSet = {};
      names.forEach((name, at) => (labels[name] = values[at]!));
      this.series.push({ labels, value });
    }
    return value;
  }

  /**
   * Every series back to nothing (prom-client's registry.resetMetrics). An unlabelled metric
   * keeps its one series, at zero, as prom-client's does from the start.
   */
  reset(): void {
    this.index = new Map();
    this.series = [];
    if (this.labelNames.length === 0) this.series.push({ labels: {}, value: this.initial() });
  }

  /** What the registry writes out, as prom-client's own metrics give it. */
  abstract get(): Promise<ExposedMetric>;
}

/** A counter; `labels(...values)` gives the series to count on. */
export class LabelledCounter extends LabelledMetric<{ count: number }> {
  readonly type = "counter" as const;

  constructor(options: LabelledMetricOptions) {
    super(options, () => ({ count: 0 }));
  }

  /** Adds `by` (1 when left out) to the series of these label values. */
  inc(values: readonly string[] = [], by = 1): void {
    if (!(by >= 0) || !Number.isFinite(by)) {
      throw new Error(`${this.name}: a counter goes up by a finite amount, not ${by}`);
    }
    this.seriesOf(values).count += by;
  }

  get(): Promise<ExposedMetric> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.series.map(({ labels, value }) => ({
        labels: { ...labels },
        value: value.count,
      })),
    });
  }
}

/** A histogram's series: observations per bucket (not cumulative), their sum and count. */
interface HistogramValue {
  buckets: Float64Array;
  sum: number;
  count: number;
}

/** A histogram over fixed upper bounds (`le`), as prom-client's. */
export class LabelledHistogram extends LabelledMetric<HistogramValue> {
  readonly type = "histogram" as const;
  private readonly upperBounds: readonly number[];

  constructor(options: LabelledMetricOptions & { buckets: readonly number[] }) {
    if (options.labelNames?.includes("le")) throw new Error("le is a reserved label name");
    const upperBounds = [...options.buckets].sort((a, b) => a - b);
    super(options, () => ({ buckets: new Float64Array(upperBounds.length), sum: 0, count: 0 }));
    this.upperBounds = upperBounds;
  }

  /** Counts `value` in the series of these label values. */
  observe(values: readonly string[], value: number): void {
    if (!Number.isFinite(value)) throw new Error(`${this.name}: ${value} is not a finite number`);
    const series = this.seriesOf(values);
    const bounds = this.upperBounds;
    for (let at = 0; at < bounds.length; at++) {
      if (value <= bounds[at]!) {
        series.buckets[at]!++;
        break;
      }
    }
    series.sum += value;
    series.count++;
  }

  get(): Promise<ExposedMetric> {
    const values: ExposedValue[] = [];
    for (const { labels, value } of this.series) {
      let cumulative = 0;
      this.upperBounds.forEach((bound, at) => {
        cumulative += value.buckets[at]!;
        values.push({
          labels: { ...labels, le: bound },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push(
        {
          labels: { ...labels, le: "+Inf" },
          value: value.count,
          metricName: `${this.name}_bucket`,
        },
        { labels: { ...labels }, value: value.sum, metricName: `${this.name}_sum` },
        { labels: { ...labels }, value: value.count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    });
  }
}
