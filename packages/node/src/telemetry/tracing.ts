import {
  type Histogram,
  metrics,
  type Tracer,
  type TracerProvider,
  trace,
  type UpDownCounter,
} from "@opentelemetry/api";
import { VERSION } from "../client/version.js";
import type { TelemetryOptions } from "./telemetry-options.js";

/** The instrumentation scope of everything codexkit records. */
const SCOPE = "@codexkit/node";

/** Bucket boundaries the GenAI semantic conventions advise for `gen_ai.client.operation.duration` (seconds). */
const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Bucket boundaries the GenAI semantic conventions advise for `gen_ai.client.token.usage`. */
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/**
 * A session's tracer and metric instruments, from the providers given in `CodexOptions.telemetry` or the
 * global ones. Made when a session opens, so a meter provider registered before the client starts is used
 * (the metrics API, unlike the trace API, has no proxy that picks up a later registration).
 */
export class Tracing {
  readonly tracer: Tracer;
  /** `gen_ai.client.operation.duration`: how long each turn took, in seconds. */
  readonly duration: Histogram;
  /** `gen_ai.client.token.usage`: input and output tokens per turn (`gen_ai.token.type`). */
  readonly tokens: Histogram;
  /** `codexkit.turns.active`: turns started and not completed yet. */
  readonly activeTurns: UpDownCounter;
  readonly recordContent: boolean;

  constructor(options: TelemetryOptions) {
    const tracerProvider: TracerProvider = options.tracerProvider ?? trace.getTracerProvider();
    this.tracer = tracerProvider.getTracer(SCOPE, VERSION);
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE, VERSION);
    this.duration = meter.createHistogram("gen_ai.client.operation.duration", {
      description: "GenAI operation duration",
      unit: "s",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.tokens = meter.createHistogram("gen_ai.client.token.usage", {
      description: "Number of input and output tokens used",
      unit: "{token}",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
    this.activeTurns = meter.createUpDownCounter("codexkit.turns.active", {
      description: "Turns started and not completed yet",
      unit: "{turn}",
    });
    this.recordContent = options.recordContent === true;
  }
}
