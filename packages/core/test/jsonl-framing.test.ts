import { describe, expect, it } from "vitest";
import type { Message } from "vscode-jsonrpc";
import {
  AppServerConnection,
  JsonlTransport,
  MalformedMessageError,
  type Notification,
  type TransportClose,
} from "../src/index.js";
import { LineDecoder, TransportMessageReader, TransportMessageWriter } from "../src/internal.js";
import { MemoryStream, until } from "./support/memory-stream.js";

const encoder = new TextEncoder();

function notificationLine(method: string, params: Record<string, unknown>): string {
  return `${JSON.stringify({ method, params })}\n`;
}

/** A connection over a memory stream that records notifications and malformed lines. */
function connect() {
  const stream = new MemoryStream();
  const notifications: Notification[] = [];
  const malformed: MalformedMessageError[] = [];
  const connection = new AppServerConnection(new JsonlTransport(stream), {
    clientInfo: { name: "framing-test", version: "0.0.0" },
    onMalformedMessage: (error) => malformed.push(error),
  });
  connection.onNotification((n) => notifications.push(n));
  const seq = () => notifications.map((n) => (n.params as { seq?: number }).seq);
  return { stream, connection, notifications, malformed, seq };
}

describe("LineDecoder", () => {
  it("splits several lines in one chunk and keeps the partial rest", () => {
    const decoder = new LineDecoder();
    const lines: string[] = [];
    decoder.push("a\nbb\nccc", (l) => lines.push(l));
    expect(lines).toEqual(["a", "bb"]);
    expect(decoder.bufferedLength).toBe(3);
    decoder.push("c\n", (l) => lines.push(l));
    expect(lines).toEqual(["a", "bb", "cccc"]);
    expect(decoder.bufferedLength).toBe(0);
  });

  it("strips \\r of \\r\\n, also when \\r and \\n arrive in different chunks", () => {
    const decoder = new LineDecoder();
    const lines: string[] = [];
    decoder.push("one\r\ntwo\r", (l) => lines.push(l));
    decoder.push("\nthree\n", (l) => lines.push(l));
    expect(lines).toEqual(["one", "two", "three"]);
  });

  it("reassembles a UTF-8 character split between byte chunks", () => {
    const bytes = encoder.encode("é😀\n");
    for (let cut = 1; cut < bytes.length - 1; cut++) {
      const decoder = new LineDecoder();
      const lines: string[] = [];
      decoder.push(bytes.subarray(0, cut), (l) => lines.push(l));
      decoder.push(bytes.subarray(cut), (l) => lines.push(l));
      expect(lines, `cut at byte ${cut}`).toEqual(["é😀"]);
    }
  });

  it("flush returns a final line without newline, and nothing for blank leftovers", () => {
    const decoder = new LineDecoder();
    const lines: string[] = [];
    decoder.push("done\nlast", (l) => lines.push(l));
    expect(decoder.flush()).toBe("last");
    expect(decoder.flush()).toBeUndefined();
    decoder.push("  \r", (l) => lines.push(l));
    expect(decoder.flush()).toBeUndefined();
    expect(lines).toEqual(["done"]);
  });

  it("flush completes a character whose bytes were cut at the end of the stream", () => {
    const decoder = new LineDecoder();
    const bytes = encoder.encode("ok é");
    decoder.push(bytes.subarray(0, bytes.length - 1), () => {});
    // the dangling lead byte is decoded as U+FFFD rather than silently dropped
    expect(decoder.flush()).toBe("ok \uFFFD");
  });
});

describe("JSONL framing through AppServerConnection", () => {
  it("delivers several messages that arrive in one chunk, in order", async () => {
    const { stream, notifications, seq } = connect();
    stream.push(
      notificationLine("warning", { seq: 1 }) +
        notificationLine("warning", { seq: 2 }) +
        notificationLine("warning", { seq: 3 }),
    );
    await until(() => notifications.length === 3, "three notifications");
    expect(seq()).toEqual([1, 2, 3]);
    expect(notifications.map((n) => n.method)).toEqual(["warning", "warning", "warning"]);
  });

  it("reassembles a message split across many chunks", async () => {
    const { stream, notifications } = connect();
    const line = notificationLine("warning", { message: "split into pieces", seq: 7 });
    for (let i = 0; i < line.length; i += 5) stream.push(line.slice(i, i + 5));
    await until(() => notifications.length === 1, "one notification");
    expect(notifications[0]).toEqual({ method: "warning", params: { message: "split into pieces", seq: 7 } });
  });

  it("reassembles a message pushed byte by byte, including multi-byte characters", async () => {
    const { stream, notifications, malformed } = connect();
    const bytes = encoder.encode(notificationLine("warning", { message: "héllo 😀 wörld", seq: 1 }));
    for (let i = 0; i < bytes.length; i++) stream.push(bytes.subarray(i, i + 1));
    await until(() => notifications.length === 1, "one notification");
    expect(notifications[0]?.params).toEqual({ message: "héllo 😀 wörld", seq: 1 });
    expect(malformed).toEqual([]);
  });

  it("keeps 'é' and '😀' intact when a chunk boundary falls inside them", async () => {
    const { stream, notifications } = connect();
    const bytes = encoder.encode(notificationLine("warning", { message: "é😀" }));
    const eAt = bytes.indexOf(0xc3); // first byte of "é"
    const emojiAt = bytes.indexOf(0xf0); // first byte of "😀"
    stream.push(bytes.subarray(0, eAt + 1));
    stream.push(bytes.subarray(eAt + 1, emojiAt + 2));
    stream.push(bytes.subarray(emojiAt + 2, emojiAt + 3));
    stream.push(bytes.subarray(emojiAt + 3));
    await until(() => notifications.length === 1, "one notification");
    expect(notifications[0]?.params).toEqual({ message: "é😀" });
  });

  it("accepts \\r\\n line endings and skips blank lines", async () => {
    const { stream, notifications, malformed, seq } = connect();
    stream.push(`\n\r\n   \n${JSON.stringify({ method: "warning", params: { seq: 1 } })}\r\n\r\n`);
    stream.push(`${JSON.stringify({ method: "warning", params: { seq: 2 } })}\r\n`);
    await until(() => notifications.length === 2, "two notifications");
    expect(seq()).toEqual([1, 2]);
    expect(malformed).toEqual([]);
  });

  it("delivers a final line that has no newline when the stream closes", async () => {
    const { stream, notifications, seq } = connect();
    stream.push(notificationLine("warning", { seq: 1 }));
    stream.push(JSON.stringify({ method: "warning", params: { seq: 2 } }));
    await until(() => notifications.length === 1, "first notification");
    stream.close();
    await until(() => notifications.length === 2, "the unterminated last line");
    expect(seq()).toEqual([1, 2]);
  });

  it("resolves a request whose response is the unterminated last line before close", async () => {
    const { stream, connection } = connect();
    const pending = connection.request("thread/loaded/list", {});
    const request = await stream.waitForRequest("thread/loaded/list");
    stream.push(JSON.stringify({ id: request.id, result: { data: ["t1"], nextCursor: null } }));
    stream.close();
    await expect(pending).resolves.toEqual({ data: ["t1"], nextCursor: null });
  });

  it("reports malformed lines with the line truncated to 200 chars + '…' and keeps delivering", async () => {
    const { stream, notifications, malformed, seq } = connect();
    const longGarbage = `{not json ${"x".repeat(500)}`;
    stream.push(notificationLine("warning", { seq: 1 }));
    stream.push(`${longGarbage}\n`);
    stream.push(notificationLine("warning", { seq: 2 }));
    stream.push("[1,2]\n");
    stream.push('{"id":99}\n');
    stream.push("42\n");
    stream.push(notificationLine("warning", { seq: 3 }));
    await until(() => notifications.length === 3, "three valid notifications");
    expect(seq()).toEqual([1, 2, 3]);

    expect(malformed).toHaveLength(4);
    for (const error of malformed) {
      expect(error).toBeInstanceOf(MalformedMessageError);
      expect(error.code).toBe("malformed_message");
    }
    const [garbage, array, idOnly, scalar] = malformed;
    expect(garbage!.line).toBe(`${longGarbage.slice(0, 200)}…`);
    expect(garbage!.line).toHaveLength(201);
    expect(garbage!.length).toBe(longGarbage.length);
    expect(garbage!.message).toContain(`${longGarbage.slice(0, 200)}…`);
    expect(garbage!.message).not.toContain(longGarbage.slice(0, 201));
    expect(array!.line).toBe("[1,2]");
    expect(array!.message).toContain("not a JSON object");
    expect(idOnly!.line).toBe('{"id":99}');
    expect(idOnly!.message).toContain("not a JSON-RPC request, notification or response");
    expect(scalar!.line).toBe("42");
  });

  it("does not truncate a malformed line of exactly 200 characters", () => {
    const line = `{${"y".repeat(199)}`;
    const error = new MalformedMessageError(line, "invalid JSON");
    expect(error.line).toBe(line);
    expect(error.line.endsWith("…")).toBe(false);
  });
});

describe("the client's JSONL path: JsonlTransport under TransportMessageReader and TransportMessageWriter", () => {
  it("delivers a 50 MB line sent in 64 KiB chunks intact, with a character split between two of them", () => {
    const stream = new MemoryStream();
    const reader = new TransportMessageReader(new JsonlTransport(stream));
    const received: Message[] = [];
    reader.listen((message) => received.push(message));

    // The line's bytes are built directly: JSON.stringify and TextEncoder of a 50 MB string would cost far
    // more than the reader under test. The data is "xxx…xé", its "é" (2 bytes) cut by the 800th chunk boundary.
    const chunk = 64 * 1024;
    const head = encoder.encode('{"method":"big/payload","params":{"data":"');
    const tail = encoder.encode('é"}}\n');
    const xs = 800 * chunk - 1 - head.length;
    const bytes = new Uint8Array(head.length + xs + tail.length);
    bytes.set(head);
    bytes.fill(0x78, head.length, head.length + xs);
    bytes.set(tail, head.length + xs);
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      stream.push(bytes.subarray(offset, offset + chunk));
    }
    expect(received).toHaveLength(1);
    const message = received[0] as unknown as { method: string; params: { data: string } };
    expect(message.method).toBe("big/payload");
    expect(message.params.data.length).toBe(xs + 1);
    expect(message.params.data === `${"x".repeat(xs)}é`).toBe(true);
  });

  it("reports an error (not just onMalformed) for a malformed line, and a close with its cause once", () => {
    const stream = new MemoryStream();
    const malformed: MalformedMessageError[] = [];
    const closes: TransportClose[] = [];
    const reader = new TransportMessageReader(new JsonlTransport(stream), {
      onMalformed: (error) => malformed.push(error),
      onTransportClose: (close) => closes.push(close),
    });
    const errors: Error[] = [];
    let fired = 0;
    reader.onError((e) => errors.push(e));
    reader.onClose(() => fired++);
    reader.listen(() => {});
    stream.push("nope\n");
    const failure = new Error("pipe broke");
    stream.close(failure);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(MalformedMessageError);
    expect(errors[1]).toBe(failure);
    expect(malformed).toEqual([errors[0]]);
    expect(closes).toEqual([{ byClient: false, error: failure }]);
    expect(fired).toBe(1);
  });

  it("stops delivering when disposed; the closed transport leaves the stream", async () => {
    const stream = new MemoryStream();
    const transport = new JsonlTransport(stream);
    const reader = new TransportMessageReader(transport);
    const received: Message[] = [];
    const listening = reader.listen((m) => received.push(m));
    stream.push(notificationLine("warning", { n: 1 }));
    expect(received).toHaveLength(1);
    listening.dispose();
    stream.push(notificationLine("warning", { n: 2 }));
    expect(received).toHaveLength(1);
    expect(stream.listenerCount).toBe(2);
    await transport.close();
    expect(stream.listenerCount).toBe(0);
  });

  it("writes each message as exactly one line of JSON", async () => {
    const stream = new MemoryStream();
    const transport = new JsonlTransport(stream);
    const writer = new TransportMessageWriter(transport);
    await writer.write({ jsonrpc: "2.0", method: "a", params: { text: "line1\nline2" } } as Message);
    await writer.write({ jsonrpc: "2.0", id: 1, result: {} } as Message);
    expect(stream.written.endsWith("\n")).toBe(true);
    expect(stream.lines()).toHaveLength(2);
    expect(stream.messages()[0]).toEqual({ jsonrpc: "2.0", method: "a", params: { text: "line1\nline2" } });
    await transport.close();
    expect(stream.ended).toBe(true);
  });

  it("rejects and reports an error when the stream cannot be written", async () => {
    const stream = new MemoryStream();
    stream.failWritesWith = new Error("EPIPE");
    const writer = new TransportMessageWriter(new JsonlTransport(stream));
    const errors: unknown[] = [];
    writer.onError(([error]) => errors.push(error));
    await expect(writer.write({ jsonrpc: "2.0", method: "x" } as Message)).rejects.toThrow("EPIPE");
    expect(errors).toEqual([stream.failWritesWith]);
  });
});
