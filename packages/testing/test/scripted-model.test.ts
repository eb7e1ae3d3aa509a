import { afterEach, describe, expect, test } from "vitest";
import { Item, type ModelReply, Reply, ScriptedModel } from "../src/index.js";
import { messageText, parseSse, postResponses, reviewerBody, userBody } from "./support/sse-client.js";

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function start(...script: Parameters<ScriptedModel["enqueue"]>): Promise<ScriptedModel> {
  model = await ScriptedModel.start({ script });
  return model;
}

describe("ScriptedModel over HTTP", () => {
  test("listens on 127.0.0.1 and exposes the /v1 base URL", async () => {
    const m = await start();
    expect(m.url).toBe(`http://127.0.0.1:${m.port}`);
    expect(m.baseUrl).toBe(`${m.url}/v1`);
    const models = await fetch(`${m.baseUrl}/models`).then((r) => r.json());
    expect(models).toEqual({ object: "list", data: [expect.objectContaining({ id: "mock-model" })] });
  });

  test("answers requests with the scripted replies in order, as SSE", async () => {
    const m = await start(Reply.message("first"));
    m.enqueue(Reply.message("second"));
    expect(m.pendingReplies).toBe(2);
    for (const expected of ["first", "second"]) {
      const res = await postResponses(m.baseUrl, userBody("q"));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/event-stream");
      const events = parseSse(await res.text());
      expect(events.map((e) => e.event)).toEqual([
        "response.created",
        "response.output_item.done",
        "response.completed",
      ]);
      expect(events[1]?.data).toMatchObject({ item: { content: [{ text: expected }] } });
    }
    expect(m.pendingReplies).toBe(0);
  });

  test("records method, path, lower-cased headers and parsed body, with accessors", async () => {
    const m = await start(Reply.message("ok"));
    const body = {
      input: [
        { type: "message", role: "developer", content: [{ type: "input_text", text: "rules" }] },
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "look" },
            { type: "input_image", image_url: "data:image/png;base64,AAAA" },
          ],
        },
        { type: "function_call_output", call_id: "call_1", output: "done\n" },
        {
          type: "custom_tool_call_output",
          call_id: "call_2",
          output: [{ type: "input_text", text: "patched" }],
        },
      ],
      tools: [{ type: "function", name: "exec_command" }, { type: "web_search" }],
      text: { format: { type: "json_schema", name: "codex_output_schema", schema: { type: "object" } } },
    };
    await (await postResponses(m.baseUrl, body, { headers: { "X-Custom": "Yes" } })).text();
    const [request] = await m.waitForRequests(1);
    expect(request).toMatchObject({ method: "POST", path: "/v1/responses", body });
    expect(request?.headers["x-custom"]).toBe("Yes");
    expect(m.inputTexts(0)).toEqual(["rules", "look"]);
    expect(m.inputTexts(0, "user")).toEqual(["look"]);
    expect(m.inputImages(0)).toEqual(["data:image/png;base64,AAAA"]);
    expect(m.toolNames(-1)).toEqual(["exec_command", "web_search"]);
    expect(m.outputFormat(0)).toMatchObject({ name: "codex_output_schema" });
    expect(m.functionCallOutputs(0)).toEqual([
      {
        type: "function_call_output",
        callId: "call_1",
        output: "done\n",
        content: [{ type: "input_text", text: "done\n" }],
      },
      {
        type: "custom_tool_call_output",
        callId: "call_2",
        output: "patched",
        content: [{ type: "input_text", text: "patched" }],
      },
    ]);
    expect(() => m.request(5)).toThrow(/no request #5 \(received 1 model requests\)/);
  });

  test("sends HTTP errors with status, JSON body and extra headers", async () => {
    const m = await start(
      Reply.httpError(429, { headers: { "retry-after": "1" } }),
      Reply.httpError(400, { body: { error: { message: "bad param foo", type: "invalid_request_error" } } }),
      Reply.httpError(401, { body: "Incorrect API key provided" }),
    );
    const limited = await postResponses(m.baseUrl, userBody("a"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toEqual({
      error: { message: "scripted HTTP 429", type: "rate_limit_exceeded", code: null },
    });
    const bad = await postResponses(m.baseUrl, userBody("b"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: "bad param foo" } });
    const unauthorized = await postResponses(m.baseUrl, userBody("c"));
    expect([unauthorized.status, await unauthorized.text()]).toEqual([401, "Incorrect API key provided"]);
  });

  test("ends streams with response.failed or without response.completed", async () => {
    const m = await start(
      Reply.failed("server_error", "model exploded", { items: [Item.message("partial")] }),
      Reply.closeEarly(),
    );
    const failed = parseSse(await (await postResponses(m.baseUrl, userBody("a"))).text());
    expect(failed.map((e) => e.event)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.failed",
    ]);
    expect(failed[2]?.data).toMatchObject({
      response: { error: { code: "server_error", message: "model exploded" } },
    });
    const closed = parseSse(await (await postResponses(m.baseUrl, userBody("b"))).text());
    expect(closed.map((e) => e.event)).toEqual(["response.created"]);
  });

  // Lower bounds only: a busy machine makes the reply later, never earlier (a few ms of slack for timer rounding).
  test("waits at least delayMs before answering and dripMs between events", async () => {
    const m = await start(Reply.message("a b c", { stream: true, delayMs: 60, dripMs: 15 }));
    const started = performance.now();
    const res = await postResponses(m.baseUrl, userBody("a"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55 + 8 * 15 - 10);
  });

  test("a stalled stream stays open until the client aborts", async () => {
    const m = await start(Reply.message("slow", { stall: true }), Reply.message("after"));
    const controller = new AbortController();
    const res = await postResponses(m.baseUrl, userBody("a"), { signal: controller.signal });
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("response.output_item.done")) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`stream ended early: ${text}`);
      text += new TextDecoder().decode(chunk.value);
    }
    let settled = false;
    const pending = reader.read().finally(() => {
      settled = true;
    });
    // A whole later request is answered while the stalled one still has nothing more to send.
    const next = parseSse(await (await postResponses(m.baseUrl, userBody("b"))).text());
    expect(next[1]?.data).toMatchObject({ item: { content: [{ text: "after" }] } });
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  test("close() ends stalled streams and is idempotent", async () => {
    const m = await start(Reply.stall());
    const res = await postResponses(m.baseUrl, userBody("a"));
    const body = res.text();
    await m.waitForRequests(1);
    await Promise.all([m.close(), m.close()]);
    await expect(body).rejects.toThrow();
    await m[Symbol.asyncDispose]();
    await expect(fetch(m.baseUrl + "/models")).rejects.toThrow();
  });

  test("answers HTTP 400 naming the request and its last input when the script runs out", async () => {
    const m = await start(Reply.message("the only reply"));
    await (await postResponses(m.baseUrl, userBody("scripted"))).text();
    const res = await postResponses(m.baseUrl, userBody("unexpected"));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("x-codexkit-script-exhausted")).toBe("1");
    expect(await res.text()).toBe(
      'ScriptedModel: script exhausted at model request #1: no scripted reply left. Last input: user message "unexpected". Add replies to the script or with model.enqueue(...).',
    );
    expect(m.unscriptedRequests).toEqual([m.request(1)]);
    expect(m.inputTexts(1, "user")).toEqual(["unexpected"]);
  });

  test("an exhausted script describes a tool output as the last input, cut at 200 characters", async () => {
    const m = await start();
    const long = `${"x".repeat(195)}\nmore than two hundred characters`;
    const body = {
      input: [
        { type: "message", role: "user", content: [{ type: "input_text", text: "run it" }] },
        { type: "function_call", call_id: "call_7", name: "exec_command", arguments: "{}" },
        { type: "function_call_output", call_id: "call_7", output: long },
      ],
    };
    const text = await (await postResponses(m.baseUrl, body)).text();
    expect(text).toBe(
      `ScriptedModel: script exhausted at model request #0: no scripted reply left. Last input: function_call_output of call_7: ${JSON.stringify(`${long.slice(0, 200)}…`)}. Add replies to the script or with model.enqueue(...).`,
    );
    const empty = await (await postResponses(m.baseUrl, { input: [] })).text();
    expect(empty).toContain("at model request #1: no scripted reply left. Last input: no input.");
  });

  test("computes dynamic replies from the request", async () => {
    const m = await start(Reply.dynamic((req) => Reply.message(`echo: ${req.body?.model}`)));
    const events = parseSse(await (await postResponses(m.baseUrl, userBody("x"))).text());
    expect(events[1]?.data).toMatchObject({ item: { content: [{ text: "echo: mock-model" }] } });
  });

  test("waitForRequests rejects with a clear error on timeout", async () => {
    const m = await start();
    await expect(m.waitForRequests(2, { timeoutMs: 30 })).rejects.toThrow(
      "Timed out after 30 ms while waiting for 2 model requests (got 0)",
    );
  });

  test("unknown routes get 404 and are only in allRequests", async () => {
    const m = await start(Reply.message("unused"));
    const res = await fetch(`${m.url}/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    expect(m.requests).toHaveLength(0);
    expect(m.allRequests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/chat/completions"]);
    expect(m.pendingReplies).toBe(1);
  });
});

describe("held replies", () => {
  test("a held reply is recorded at once and answered only after release()", async () => {
    const held = Reply.hold(Reply.message("released"));
    const m = await start(held, Reply.message("after"));
    expect([held.kind, held.released]).toEqual(["held", false]);
    let answered = false;
    const response = postResponses(m.baseUrl, userBody("wait for me")).then(async (res) => {
      answered = true;
      return parseSse(await res.text());
    });
    const request = await held.arrived;
    expect(request).toBe(m.request(0));
    expect(m.inputTexts(0, "user")).toEqual(["wait for me"]);
    await expect(m.waitForRequests(1)).resolves.toHaveLength(1);
    // Nothing is sent while held: a later request gets the next reply first.
    const next = parseSse(await (await postResponses(m.baseUrl, userBody("meanwhile"))).text());
    expect(messageText(next[1])).toBe("after");
    expect(answered).toBe(false);
    held.release();
    held.release();
    expect(held.released).toBe(true);
    expect(messageText((await response)[1])).toBe("released");
  });

  test("a reply released before its request arrives is answered at once", async () => {
    const held = Reply.hold(Reply.httpError(429));
    held.release();
    const m = await start(held);
    expect((await postResponses(m.baseUrl, userBody("a"))).status).toBe(429);
    await expect(held.arrived).resolves.toBe(m.request(0));
  });

  test("held replies nest with dynamic ones; close() ends a request still held", async () => {
    const inner = Reply.hold(Reply.message("never sent"));
    const m = await start(Reply.dynamic(() => inner));
    const body = postResponses(m.baseUrl, userBody("a")).then((res) => res.text());
    await inner.arrived;
    await m.close();
    await expect(body).rejects.toThrow();
    expect(inner.released).toBe(false);
  });

  test("a held-shaped object not built by Reply.hold is refused with a clear error", async () => {
    const fake = { kind: "held", reply: Reply.message("x"), arrived: Promise.resolve(), released: true };
    const m = await start(fake as unknown as ModelReply);
    const res = await postResponses(m.baseUrl, userBody("a"));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        message: "ScriptedModel: Error: a held reply must be built with Reply.hold(...)",
      },
    });
  });
});

describe("reviewer requests", () => {
  test("are answered with the default allow verdict without consuming the script", async () => {
    const m = await start(Reply.message("main"));
    const events = parseSse(await (await postResponses(m.baseUrl, reviewerBody())).text());
    expect(JSON.parse(messageText(events[1]))).toEqual({
      outcome: "allow",
      risk_level: "low",
      user_authorization: "high",
      rationale: "scripted",
    });
    expect(m.reviewerRequests).toHaveLength(1);
    expect(m.requests).toHaveLength(0);
    expect(m.pendingReplies).toBe(1);
  });

  test("use a configured verdict, a function of the request, or a raw reply", async () => {
    model = await ScriptedModel.start({ reviewer: { outcome: "deny", rationale: "too risky" } });
    const m = model;
    const text = async () => {
      const events = parseSse(await (await postResponses(m.baseUrl, reviewerBody())).text());
      return messageText(events[1]);
    };
    expect(JSON.parse(await text())).toEqual({
      outcome: "deny",
      risk_level: "high",
      user_authorization: "high",
      rationale: "too risky",
    });
    m.setReviewer((req) => ({ outcome: req.body?.model === "mock-model" ? "allow" : "deny" }));
    expect(JSON.parse(await text())).toMatchObject({ outcome: "allow" });
    m.setReviewer(Reply.message("not json"));
    expect(await text()).toBe("not json");
    await expect(m.waitForReviewerRequests(3)).resolves.toHaveLength(3);
  });

  test("output schemas without an outcome property are ordinary requests", async () => {
    const m = await start(Reply.message('{"answer":"42"}'));
    const body = userBody("q", {
      text: { format: { type: "json_schema", schema: { properties: { answer: {} } } } },
    });
    await (await postResponses(m.baseUrl, body)).text();
    expect(m.requests).toHaveLength(1);
    expect(m.reviewerRequests).toHaveLength(0);
  });
});
