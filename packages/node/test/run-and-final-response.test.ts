import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidInputError, imageInput, localImageInput, textInput, VERSION } from "@codexkit/node";
import { createTestCodex, Item, Reply } from "@codexkit/testing";
import { describe, expect, it } from "vitest";
import { solidPng } from "./support/helpers.js";

describe.concurrent("thread.run", () => {
  it("runs a plain string and returns the answer, items, usage and timings", async () => {
    await using t = await createTestCodex({
      script: [Reply.message("Hello from the model", { usage: { inputTokens: 12, outputTokens: 4 } })],
    });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const before = Date.now();
    const result = await thread.run("say hello");

    expect(result.status).toBe("completed");
    expect(result.error).toBeNull();
    expect(result.threadId).toBe(thread.id);
    expect(result.id).toMatch(/\S/);
    expect(result.finalResponse).toBe("Hello from the model");
    expect(result.output).toBeUndefined();
    expect(result.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
    const user = result.items[0];
    expect(user?.type === "userMessage" && user.content).toEqual([
      expect.objectContaining({ type: "text", text: "say hello" }),
    ]);
    expect(result.usage?.last).toMatchObject({ inputTokens: 12, outputTokens: 4, totalTokens: 16 });
    expect(typeof result.durationMs).toBe("number");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.startedAt).toBeInstanceOf(Date);
    expect(result.completedAt).toBeInstanceOf(Date);
    // the server reports whole seconds
    expect(result.startedAt!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(result.completedAt!.getTime()).toBeGreaterThanOrEqual(result.startedAt!.getTime());

    expect(t.model.requests).toHaveLength(1);
    expect(t.model.inputTexts(0, "user")).toContain("say hello");
    expect(t.codex.metadata.userAgent).toContain(`codexkit; ${VERSION}`);
  });

  it("sends typed inputs: text, an image data URL and a local PNG file", async () => {
    await using t = await createTestCodex({ script: [Reply.message("two images")] });
    // codex (0.169 through 0.171) refuses remote image URLs ("use an inline data URL instead"), so the URL input is a data URL
    const dataUrl = `data:image/png;base64,${solidPng(2, 2, [0, 255, 0]).toString("base64")}`;
    const png = solidPng(4, 3, [255, 0, 0]);
    const pngPath = join(t.workspace, "red.png");
    await writeFile(pngPath, png);
    const thread = await t.codex.threadStart({ cwd: t.workspace });

    const result = await thread.run([
      textInput("what is in these images?"),
      imageInput(dataUrl),
      localImageInput(pngPath),
    ]);

    expect(result.finalResponse).toBe("two images");
    expect(t.model.inputTexts(0, "user")).toContain("what is in these images?");
    const images = t.model.inputImages(0);
    expect(images).toHaveLength(2);
    expect(images[0]).toBe(dataUrl);
    const [meta, data] = (images[1] ?? "").split(",");
    expect(meta).toBe("data:image/png;base64");
    // codex may re-encode the image, but it must still be our 4×3 PNG
    const sent = Buffer.from(data ?? "", "base64");
    expect(sent.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([sent.readUInt32BE(16), sent.readUInt32BE(20)]).toEqual([4, 3]);
    const user = result.items.find((item) => item.type === "userMessage");
    expect(user?.type === "userMessage" && user.content.map((c) => c.type)).toEqual([
      "text",
      "image",
      "localImage",
    ]);
  });

  it("rejects malformed input before anything is sent", async () => {
    await using t = await createTestCodex();
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await expect(thread.run("")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(thread.run([])).rejects.toBeInstanceOf(InvalidInputError);
    // @ts-expect-error: not an input item
    await expect(thread.run([{ type: "video", url: "x" }])).rejects.toThrow(/unknown input type "video"/);
    // @ts-expect-error: model must be a string
    await expect(thread.run("hi", { model: 5 })).rejects.toThrow(/model must be a string/);
    expect(t.model.requests).toHaveLength(0);
    // nothing was started: the thread still takes a turn
    t.model.enqueue(Reply.message("fine"));
    expect((await thread.run("now a real one")).finalResponse).toBe("fine");
  });
});

describe.concurrent("settings reach the model", () => {
  it("thread settings: instructions and model", async () => {
    await using t = await createTestCodex({ script: [Reply.message("bonjour")] });
    const thread = await t.codex.threadStart({
      cwd: t.workspace,
      model: "gpt-5.5",
      baseInstructions: "You are a terse test agent.",
      developerInstructions: "Always answer in French.",
    });
    await thread.run("hello");
    const body = t.model.request(0).body;
    expect(body?.model).toBe("gpt-5.5");
    // codex (0.169 through 0.171) sends base instructions as the first developer message
    expect(t.model.inputTexts(0, "developer")[0]).toBe("You are a terse test agent.");
    expect(t.model.inputTexts(0, "developer").join("\n")).toContain("Always answer in French.");
  });

  it("turn options apply to this turn and persist to later ones", async () => {
    await using t = await createTestCodex({ script: [Reply.message("one"), Reply.message("two")] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    await thread.run("first", { model: "gpt-5.5", effort: "high" });
    await thread.run("second");
    for (const index of [0, 1]) {
      expect(t.model.request(index).body?.model).toBe("gpt-5.5");
      expect(t.model.request(index).body?.reasoning).toMatchObject({ effort: "high" });
    }
  });
});

describe.concurrent("finalResponse", () => {
  const cases: Array<{
    name: string;
    items: ReturnType<typeof Item.message>[];
    expected: string | undefined;
  }> = [
    {
      name: "is the last phase-less message",
      items: [Item.message("first plain"), Item.message("second plain")],
      expected: "second plain",
    },
    {
      name: "prefers a final_answer message over later phase-less ones",
      items: [Item.message("the answer", { phase: "final_answer" }), Item.message("a trailing remark")],
      expected: "the answer",
    },
    {
      name: "ignores commentary after the answer",
      items: [Item.message("plain answer"), Item.message("just thinking aloud", { phase: "commentary" })],
      expected: "plain answer",
    },
    {
      name: "is undefined when there is only commentary",
      items: [
        Item.message("looking around", { phase: "commentary" }),
        Item.message("still looking", { phase: "commentary" }),
      ],
      expected: undefined,
    },
  ];

  it.each(cases)("$name", async ({ items, expected }) => {
    await using t = await createTestCodex({ script: [Reply.items(items)] });
    const thread = await t.codex.threadStart({ cwd: t.workspace });
    const result = await thread.run("answer me");
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe(expected);
    // every message is an item, whatever its phase
    expect(result.items.filter((item) => item.type === "agentMessage")).toHaveLength(items.length);
  });
});
