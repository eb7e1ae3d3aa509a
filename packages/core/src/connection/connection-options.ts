import type { CodexError, MalformedMessageError } from "../errors.js";
import type { InitializeCapabilities } from "../generated/InitializeCapabilities.js";
import type { TransportClose } from "../transport/transport.js";

/** Identifies the client to the app-server in `initialize`. */
export interface ClientInfo {
  /** Machine-readable client name, e.g. `codexkit`. */
  name: string;
  /** Client version. */
  version: string;
  /** Human-readable client name. */
  title?: string;
}

/** Options of {@link AppServerConnection}. */
export interface ConnectionOptions {
  /** Sent in `initialize`. */
  clientInfo: ClientInfo;
  /** Sent in `initialize`. Default `{ experimentalApi: true, requestAttestation: false }`. */
  capabilities?: InitializeCapabilities;
  /**
   * Builds the error pending and later calls fail with once the transport closes. Default: the
   * transport's own `describeClose` (a process adds its exit code and stderr tail, a socket its endpoint
   * and close code), else a {@link TransportClosedError} naming the endpoint and close code.
   */
  describeClose?: (cause?: Error, close?: TransportClose) => CodexError | Promise<CodexError>;
  /** Called for each line that is not a JSON-RPC message. The connection keeps going. */
  onMalformedMessage?: (error: MalformedMessageError) => void;
}

/**
 * A W3C trace context (`traceparent`, optional `tracestate`), as codex reads it from a request's envelope
 * (its `W3cTraceContext`): `{"id":3,"method":"turn/start","params":{…},"trace":{"traceparent":"00-…-01"}}`.
 * With codex's `[otel] trace_exporter` configured, its spans for that request join the given trace.
 */
export interface W3cTraceContext {
  /** `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`. */
  traceparent: string;
  /** Vendor-specific trace state, passed through as given. */
  tracestate?: string;
}

/** Per-call options of {@link AppServerConnection.request}. */
export interface RequestOptions {
  /** Rejects the call with {@link AbortError}; an already-aborted signal sends nothing. */
  signal?: AbortSignal;
  /** Sent as the request envelope's `trace` (beside `id`, `method`, `params`), so codex joins the caller's trace. */
  trace?: W3cTraceContext;
}
