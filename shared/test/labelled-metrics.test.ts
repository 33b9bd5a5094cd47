import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Counter, Histogram, Registry } from "prom-client";
import { LabelledCounter, LabelledHistogram, LATENCY_BUCKETS } from "../src";

/** The exposition's samples, each line's labels sorted: Prometheus reads labels in any order. */
function samples(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (.+)$/.exec(line);
      assert.ok(match, `a sample line: ${line}`);
      const labels = (match[2] ?? "")
        .split(/,(?=\w+=")/)
        .filter(Boolean)
        .sort()
        .join(",");
      return `${match[1]}{${labels}} ${match[3]}`;
    })
    .sort();
}

/** A registry as the services make theirs: the service name on every sample. */
function registry(): Registry {
  const made = new Registry();
  made.setDefaultLabels({ service: "gateway" });
  return made;
}

describe("labelled metrics", () => {
  it("write what prom-client's counters and histograms write for the same observations", async () => {
    const ours = registry();
    const theirs = registry();
    const help = "requests by operation and outcome";
    const oursCounter = new LabelledCounter({
      name: "requests_total",
      help,
      labelNames: ["operation", "outcome"],
      registers: [ours],
    });
    const theirsCounter = new Counter({
      name: "requests_total",
      help,
      labelNames: ["operation", "outcome"],
      registers: [theirs],
    });
    const oursHistogram = new LabelledHistogram({
      name: "request_seconds",
      help: "time per request",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers: [ours],
    });
    const theirsHistogram = new Histogram({
      name: "request_seconds",
      help: "time per request",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers: [theirs],
    });
    const oursTotal = new LabelledCounter({
      name: "published_total",
      help: "rows",
      registers: [ours],
    });
    new Counter({ name: "published_total", help: "rows", registers: [theirs] });

    // Values on a bound, between bounds, past the last one, and zero.
    const observations: [string, string, number][] = [
      ["MonthPage", "ok", 0.001],
      ["MonthPage", "ok", 0.0031],
      ["Small", "ok", 0.25],
      ["Small", "SERVICE_UNAVAILABLE", 12],
      ["Small", "ok", 0],
      ["MonthPage", "ok", 0.7],
    ];
    for (const [operation, outcome, seconds] of observations) {
      oursCounter.inc([operation, outcome]);
      theirsCounter.inc({ operation, outcome });
      oursHistogram.observe([operation], seconds);
      theirsHistogram.observe({ operation }, seconds);
    }
    oursCounter.inc(["Small", "ok"], 3);
    theirsCounter.inc({ operation: "Small", outcome: "ok" }, 3);

    // An unlabelled counter is written at 0 before it counts anything, as prom-client's.
    assert.deepEqual(samples(await ours.metrics()), samples(await theirs.metrics()));
    const text = await ours.metrics();
    assert.match(text, /^# TYPE request_seconds histogram$/m);
    assert.match(text, /^request_seconds_count\{operation="MonthPage",service="gateway"\} 3$/m);
    assert.match(text, /^published_total\{service="gateway"\} 0$/m);
    oursTotal.inc([], 2);
    assert.match(await ours.metrics(), /^published_total\{service="gateway"\} 2$/m);
  });

  it("refuse label values that do not match the label names, and values no metric can hold", () => {
    const counter = new LabelledCounter({
      name: "fetches_total",
      help: "fetches",
      labelNames: ["subgraph", "outcome"],
      registers: [registry()],
    });
    assert.throws(() => counter.inc(["entities"]), /takes 2 label values, not 1/);
    assert.throws(() => counter.inc(["entities", "ok"], -1), /finite amount/);
    const histogram = new LabelledHistogram({
      name: "fetch_seconds",
      help: "fetch time",
      buckets: [1],
      registers: [registry()],
    });
    assert.throws(() => histogram.observe([], Number.NaN), /not a finite number/);
    assert.throws(
      () =>
        new LabelledHistogram({
          name: "bad",
          help: "bad",
          labelNames: ["le"],
          buckets: [1],
          registers: [],
        }),
      /reserved/,
    );
  });

  it("start again from nothing when the registry resets them", async () => {
    const made = registry();
    const counter = new LabelledCounter({
      name: "handled_total",
      help: "events",
      labelNames: ["consumer"],
      registers: [made],
    });
    counter.inc(["plan"]);
    assert.match(await made.metrics(), /handled_total\{consumer="plan",service="gateway"\} 1/);
    made.resetMetrics();
    assert.doesNotMatch(await made.metrics(), /handled_total\{/);
    counter.inc(["plan"]);
    assert.match(await made.metrics(), /handled_total\{consumer="plan",service="gateway"\} 1/);
  });
});
