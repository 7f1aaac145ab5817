/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text exposition
 * format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/). Hand-written so the metrics need no
 * dependency; pure (no I/O): values that live elsewhere (outbox depth) come from collectors run at scrape time.
 */
type Labels = Record<string, string>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values escaped as the format requires: backslash, double quote and line feed. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(names: readonly string[], labels: Labels, extra?: [string, string]): string {
  const pairs = names.map((n) => `${n}="${escapeLabel(labels[n] ?? '')}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

abstract class Metric<K extends string> {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly K[],
    private readonly type: 'counter' | 'gauge' | 'histogram',
  ) {
    if (!NAME.test(name)) throw new Error(`Invalid metric name ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === 'le') throw new Error(`Invalid label ${l} on ${name}`);
  }

  protected key(labels: Partial<Record<K, string>>): { key: string; labels: Labels } {
    const clean: Labels = {};
    for (const n of this.labelNames) clean[n] = String(labels[n] ?? '');
    return { key: JSON.stringify(this.labelNames.map((n) => clean[n])), labels: clean };
  }

  header(): string[] {
    return [
      `# HELP ${this.name} ${this.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
      `# TYPE ${this.name} ${this.type}`,
    ];
  }

  abstract lines(): string[];
}

/** A value that only goes up (requests served, 429s received). */
export class Counter<K extends string = never> extends Metric<K> {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(name: string, help: string, labelNames: readonly K[] = []) {
    super(name, help, labelNames, 'counter');
  }
  inc(labels: Partial<Record<K, string>> = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name}: a counter cannot go down (${by})`);
    const { key, labels: l } = this.key(labels);
    const entry = this.values.get(key) ?? { labels: l, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }
  /** The current value for `labels` (0 when never incremented). */
  get(labels: Partial<Record<K, string>> = {}): number {
    return this.values.get(this.key(labels).key)?.value ?? 0;
  }
  lines(): string[] {
    return [...this.values.values()].map(
      (e) => `${this.name}${labelText(this.labelNames, e.labels)} ${formatValue(e.value)}`,
    );
  }
}

/** A value that goes up and down, set directly or by a collector at scrape time. */
export class Gauge<K extends string = never> extends Metric<K> {
  private values = new Map<string, { labels: Labels; value: number }>();
  constructor(name: string, help: string, labelNames: readonly K[] = []) {
    super(name, help, labelNames, 'gauge');
  }
  set(labels: Partial<Record<K, string>>, value: number): void {
    const { key, labels: l } = this.key(labels);
    this.values.set(key, { labels: l, value });
  }
  /** Forgets every series (a collector that re-sets all of them on each scrape). */
  reset(): void {
    this.values = new Map();
  }
  get(labels: Partial<Record<K, string>> = {}): number | undefined {
    return this.values.get(this.key(labels).key)?.value;
  }
  lines(): string[] {
    return [...this.values.values()].map(
      (e) => `${this.name}${labelText(this.labelNames, e.labels)} ${formatValue(e.value)}`,
    );
  }
}

/** Durations in seconds, in cumulative buckets (`le`), with their sum and count. */
export class Histogram<K extends string = never> extends Metric<K> {
  private readonly values = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    labelNames: readonly K[] = [],
    readonly buckets: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ) {
    super(name, help, labelNames, 'histogram');
    if (buckets.some((b, i) => i > 0 && b <= buckets[i - 1]!)) throw new Error(`${name}: buckets must increase`);
  }
  observe(labels: Partial<Record<K, string>>, seconds: number): void {
    const { key, labels: l } = this.key(labels);
    const entry = this.values.get(key) ?? { labels: l, buckets: this.buckets.map(() => 0), sum: 0, count: 0 };
    for (const [i, b] of this.buckets.entries()) if (seconds <= b) entry.buckets[i]! += 1;
    entry.sum += seconds;
    entry.count += 1;
    this.values.set(key, entry);
  }
  /** Times `fn` and observes its duration, whether it resolves or throws. */
  async time<T>(labels: Partial<Record<K, string>>, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.observe(labels, (performance.now() - started) / 1000);
    }
  }
  count(labels: Partial<Record<K, string>> = {}): number {
    return this.values.get(this.key(labels).key)?.count ?? 0;
  }
  lines(): string[] {
    const out: string[] = [];
    for (const e of this.values.values()) {
      for (const [i, b] of this.buckets.entries())
        out.push(`${this.name}_bucket${labelText(this.labelNames, e.labels, ['le', formatValue(b)])} ${e.buckets[i]}`);
      out.push(`${this.name}_bucket${labelText(this.labelNames, e.labels, ['le', '+Inf'])} ${e.count}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, e.labels)} ${formatValue(e.sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, e.labels)} ${e.count}`);
    }
    return out;
  }
}

/** The metrics of one process, and the collectors that refresh gauges right before a scrape. */
export class MetricsRegistry {
  private readonly metrics: Metric<string>[] = [];
  private readonly collectors: (() => Promise<void> | void)[] = [];

  register<M extends Metric<string>>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`Metric ${metric.name} registered twice`);
    this.metrics.push(metric);
    return metric;
  }

  /** Runs `collect` before every render; returns a function that removes it again. */
  addCollector(collect: () => Promise<void> | void): () => void {
    this.collectors.push(collect);
    return () => {
      const i = this.collectors.indexOf(collect);
      if (i >= 0) this.collectors.splice(i, 1);
    };
  }

  /** The exposition text; a collector that fails leaves its gauges as they were and is reported in `errors`. */
  async render(): Promise<{ text: string; errors: unknown[] }> {
    const errors: unknown[] = [];
    for (const collect of this.collectors) {
      try {
        await collect();
      } catch (error) {
        errors.push(error);
      }
    }
    const lines = this.metrics.flatMap((m) => [...m.header(), ...m.lines()]);
    return { text: `${lines.join('\n')}\n`, errors };
  }
}
