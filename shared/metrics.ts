/** Counters the handlers emit (Powertools EMF metrics in AWS, an in-memory tally locally). */
export interface MetricsSink {
  count(name: string, value?: number): void;
}

export class TallyMetrics implements MetricsSink {
  readonly counts: Record<string, number> = {};
  count(name: string, value = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
}
