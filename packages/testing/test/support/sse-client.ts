/** Test-only: plain-HTTP helpers for talking to a ScriptedModel with fetch. */

/** One parsed SSE event. */
export interface ParsedEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses an SSE body (`event: X\ndata: JSON\n\n` blocks). */
export function parseSse(text: string): ParsedEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "";
      const data = lines.find((l) => l.startsWith("data: "))?.slice(6) ?? "{}";
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** POSTs a Responses request body to `${baseUrl}/responses`. */
export function postResponses(baseUrl: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test" },
    body: JSON.stringify(body),
    ...init,
  });
}

/** A minimal request body with one user text. */
export function userBody(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: "mock-model",
    stream: true,
    input: [{ type: "message", role: "user", content: [{ type: "input_text", text }] }],
    ...extra,
  };
}

/** A request body shaped like codex's reviewer request (json_schema with an `outcome` property). */
export function reviewerBody(): Record<string, unknown> {
  return userBody("judge this", {
    text: {
      format: {
        type: "json_schema",
        name: "guardian_assessment",
        strict: true,
        schema: { type: "object", properties: { outcome: { type: "string", enum: ["allow", "deny"] } } },
      },
    },
  });
}

/** The text of the message item carried by an `output_item.done` event (throws if there is none). */
export function messageText(event: ParsedEvent | undefined): string {
  const item = event?.data.item as { content?: Array<{ text?: string }> } | undefined;
  const text = item?.content?.[0]?.text;
  if (text === undefined) throw new Error(`no message text in ${JSON.stringify(event)}`);
  return text;
}
