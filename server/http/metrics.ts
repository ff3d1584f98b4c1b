/**
 * Prometheus metrics of this process, in the text exposition format (written by hand: three
 * metric families do not need a client library). Counters are per process by design;
 * Prometheus sums them across processes.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #returns = new Map<string, number>();
  readonly #returnPaths = new Map<string, number>();
  /** Escaped label texts by their raw values (kinds and privileges are fixed sets too). */
  readonly #labelTexts = new Map<string, string>();
  #droppedLogLines = 0;
  readonly #mails = { sent: 0, failed: 0 };

  /** An account mail handed to SMTP (or the mail folder), or one that could not be. */
  countMail(result: 'sent' | 'failed'): void {
    this.#mails[result] += 1;
  }

  /** A log line that could not be written (LogSink). */
  countDroppedLogLine(): void {
    this.#droppedLogLines += 1;
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = this.#labelsOf(route, method, status);
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const hKey = this.#labelsOf(route, method);
    let h = this.#latency.get(hKey);
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#latency.set(hKey, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= (BUCKETS[i] as number)) h.counts[i] = (h.counts[i] ?? 0) + 1;
    }
    h.sum += seconds;
    h.count += 1;
  }

  /**
   * The label text of a route, method and status (or of a route and method), escaped once per
   * combination: every response was escaping the same few strings again (bench/findings.md).
   * Routes are the route table's patterns (or 'unmatched'), so the combinations are bounded.
   */
  #labelsOf(route: string, method: string, status?: number): string {
    return this.#cachedLabels(`${route}\u0000${method}\u0000${status ?? ''}`, () =>
      status === undefined
        ? labels({ route, method })
        : labels({ route, method, status: String(status) }),
    );
  }

  /** The label text `make` escapes, made once for the raw values `raw` joins. */
  #cachedLabels(raw: string, make: () => string): string {
    let text = this.#labelTexts.get(raw);
    if (text === undefined) {
      text = make();
      this.#labelTexts.set(raw, text);
    }
    return text;
  }

  countReturn(kind: string, privilege: string): void {
    const key = this.#cachedLabels(`return\u0000${kind}\u0000${privilege}`, () =>
      labels({ kind, privilege }),
    );
    this.#returns.set(key, (this.#returns.get(key) ?? 0) + 1);
  }

  /**
   * How a return was written (docs/design.md §3.2): one statement from the quote's read, one
   * statement after its own unlocked read, or the locked transaction (a re-check that failed
   * or SQLite). A high locked share on PostgreSQL means the re-checks keep failing.
   */
  countReturnPath(path: string): void {
    this.#returnPaths.set(path, (this.#returnPaths.get(path) ?? 0) + 1);
  }

  render(gauges: { webhookBacklog: number }): string {
    const lines: string[] = [];
    lines.push('# HELP shelf_http_requests_total HTTP requests by route, method and status.');
    lines.push('# TYPE shelf_http_requests_total counter');
    for (const [key, n] of this.#requests) lines.push(`shelf_http_requests_total{${key}} ${n}`);
    lines.push('# HELP shelf_http_request_duration_seconds HTTP request latency by route.');
    lines.push('# TYPE shelf_http_request_duration_seconds histogram');
    for (const [key, h] of this.#latency) {
      BUCKETS.forEach((bound, i) =>
        lines.push(
          `shelf_http_request_duration_seconds_bucket{${key},le="${bound}"} ${h.counts[i] ?? 0}`,
        ),
      );
      lines.push(`shelf_http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      lines.push(`shelf_http_request_duration_seconds_sum{${key}} ${h.sum}`);
      lines.push(`shelf_http_request_duration_seconds_count{${key}} ${h.count}`);
    }
    lines.push('# HELP shelf_returns_total Completed returns by kind and privilege granted.');
    lines.push('# TYPE shelf_returns_total counter');
    for (const [key, n] of this.#returns) lines.push(`shelf_returns_total{${key}} ${n}`);
    lines.push('# HELP shelf_return_paths_total Completed returns by how they were written.');
    lines.push('# TYPE shelf_return_paths_total counter');
    for (const [path, n] of this.#returnPaths) {
      lines.push(`shelf_return_paths_total{${labels({ path })}} ${n}`);
    }
    lines.push('# HELP shelf_log_lines_dropped_total Log lines lost to a failed write.');
    lines.push('# TYPE shelf_log_lines_dropped_total counter');
    lines.push(`shelf_log_lines_dropped_total ${this.#droppedLogLines}`);
    lines.push(
      '# HELP shelf_account_mails_total Account mails (confirm, notice, reset) by result.',
    );
    lines.push('# TYPE shelf_account_mails_total counter');
    for (const result of ['sent', 'failed'] as const) {
      lines.push(`shelf_account_mails_total{result="${result}"} ${this.#mails[result]}`);
    }
    lines.push('# HELP shelf_webhook_backlog Webhook deliveries not yet delivered nor given up.');
    lines.push('# TYPE shelf_webhook_backlog gauge');
    lines.push(`shelf_webhook_backlog ${gauges.webhookBacklog}`);
    return lines.join('\n') + '\n';
  }
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}
