/**
 * Test-only OpenTelemetry helpers: a tracer provider exporting to memory (the real SDK), and the span tree
 * under one span as indented text.
 */
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** A real SDK tracer provider whose spans end up in `exporter` as they end. */
export function memoryTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, tracer: provider.getTracer("test") };
}

/** The parent span id of a finished span (undefined for a root). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The one finished span named `name` (fails if there are none or several). */
export function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", got ${found.length}`);
  return found[0]!;
}

/** The tree under `root` as lines `name` indented by depth, children in start order. */
export function treeOf(spans: readonly ReadableSpan[], root: ReadableSpan): string[] {
  const children = (id: string) =>
    spans
      .filter((s) => parentOf(s) === id)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  const lines: string[] = [];
  const visit = (span: ReadableSpan, depth: number) => {
    lines.push(`${"  ".repeat(depth)}${span.name}`);
    for (const child of children(span.spanContext().spanId)) visit(child, depth + 1);
  };
  visit(root, 0);
  return lines;
}
