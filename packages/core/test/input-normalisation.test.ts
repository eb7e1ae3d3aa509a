import { describe, expect, it } from "vitest";
import {
  InvalidInputError,
  imageInput,
  localImageInput,
  mentionInput,
  normalizeInput,
  type RunInput,
  skillInput,
  textInput,
} from "../src/index.js";

function invalid(input: unknown): InvalidInputError {
  try {
    normalizeInput(input as RunInput);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe("invalid_input");
    return error as InvalidInputError;
  }
  throw new Error(`normalizeInput accepted ${JSON.stringify(input)}`);
}

describe("normalizeInput", () => {
  it("turns a string into one text item with empty text_elements", () => {
    expect(normalizeInput("hello")).toEqual([{ type: "text", text: "hello", text_elements: [] }]);
  });

  it("keeps whitespace and unicode in text as given", () => {
    expect(normalizeInput("  é😀\n")).toEqual([{ type: "text", text: "  é😀\n", text_elements: [] }]);
  });

  it("converts each item type to its wire shape", () => {
    expect(normalizeInput({ type: "text", text: "t" })).toEqual([
      { type: "text", text: "t", text_elements: [] },
    ]);
    expect(normalizeInput({ type: "image", url: "https://example.com/a.png" })).toEqual([
      { type: "image", url: "https://example.com/a.png" },
    ]);
    expect(normalizeInput({ type: "localImage", path: "/tmp/a.png" })).toEqual([
      { type: "localImage", path: "/tmp/a.png" },
    ]);
    expect(normalizeInput({ type: "skill", name: "deploy", path: "/skills/deploy" })).toEqual([
      { type: "skill", name: "deploy", path: "/skills/deploy" },
    ]);
    expect(normalizeInput({ type: "mention", name: "README", path: "/repo/README.md" })).toEqual([
      { type: "mention", name: "README", path: "/repo/README.md" },
    ]);
  });

  it("accepts a list of items, in order, built with the helper constructors", () => {
    const input = [
      textInput("what is this?"),
      imageInput("data:image/png;base64,AAAA"),
      localImageInput("/tmp/b.png"),
      skillInput("s", "/s"),
      mentionInput("m", "/m"),
    ];
    expect(normalizeInput(input)).toEqual([
      { type: "text", text: "what is this?", text_elements: [] },
      { type: "image", url: "data:image/png;base64,AAAA" },
      { type: "localImage", path: "/tmp/b.png" },
      { type: "skill", name: "s", path: "/s" },
      { type: "mention", name: "m", path: "/m" },
    ]);
  });

  it("helper constructors build the public item shapes", () => {
    expect(textInput("x")).toEqual({ type: "text", text: "x" });
    expect(imageInput("u")).toEqual({ type: "image", url: "u" });
    expect(localImageInput("p")).toEqual({ type: "localImage", path: "p" });
    expect(skillInput("n", "p")).toEqual({ type: "skill", name: "n", path: "p" });
    expect(mentionInput("n", "p")).toEqual({ type: "mention", name: "n", path: "p" });
  });

  it("drops unknown extra fields instead of sending them", () => {
    const input = { type: "image", url: "https://x/y.png", detail: "high" } as unknown as RunInput;
    expect(normalizeInput(input)).toEqual([{ type: "image", url: "https://x/y.png" }]);
  });

  it("does not mutate the caller's input", () => {
    const item = { type: "text" as const, text: "keep" };
    const list = [item];
    normalizeInput(list);
    expect(list).toEqual([{ type: "text", text: "keep" }]);
    expect(item).toEqual({ type: "text", text: "keep" });
  });

  describe("rejects malformed input with a clear InvalidInputError", () => {
    it("empty string", () => {
      expect(invalid("").message).toBe("input must not be an empty string");
    });

    it("empty array", () => {
      expect(invalid([]).message).toBe("input must not be an empty array");
    });

    it("whitespace-only text, like empty text", () => {
      expect(invalid("   \n\t").message).toBe("input must not be only whitespace");
      expect(invalid(textInput(" ")).message).toBe("input must not be only empty or whitespace text");
      expect(invalid([textInput(""), textInput("\n")]).message).toBe(
        "input must not be only empty or whitespace text",
      );
    });

    it("accepts a blank text item next to an item that says something", () => {
      expect(normalizeInput([textInput(" "), imageInput("https://example.com/a.png")])).toHaveLength(2);
    });

    it.each([
      [null, "input must be an input item object, got null"],
      [undefined, "input must be an input item object, got undefined"],
      [42, "input must be an input item object, got number"],
      [true, "input must be an input item object, got boolean"],
    ])("%s", (value, message) => {
      expect(invalid(value).message).toBe(message);
    });

    it("a non-object inside a list names its index", () => {
      expect(invalid([textInput("ok"), "bare string"]).message).toBe(
        'input[1] must be an input item object, got "bare string"',
      );
      expect(invalid([[textInput("nested")]]).message).toBe(
        "input[0] must be an input item object, got an array",
      );
    });

    it("unknown or missing type", () => {
      expect(invalid({ type: "audio", url: "x" }).message).toBe(
        'input: unknown input type "audio" (expected "text", "image", "localImage", "skill" or "mention")',
      );
      expect(invalid({ text: "no type" }).message).toMatch(/^input: unknown input type undefined/);
      expect(invalid([textInput("a"), { type: 7 }]).message).toMatch(
        /^input\[1\]: unknown input type number/,
      );
    });

    it.each([
      [{ type: "text" }, 'input: "text" must be a string, got undefined'],
      [{ type: "text", text: 5 }, 'input: "text" must be a string, got number'],
      [{ type: "image" }, 'input: "url" must be a non-empty string, got undefined'],
      [{ type: "image", url: "" }, 'input: "url" must be a non-empty string, got ""'],
      [{ type: "localImage", path: null }, 'input: "path" must be a non-empty string, got null'],
      [{ type: "skill", path: "/s" }, 'input: "name" must be a non-empty string, got undefined'],
      [{ type: "skill", name: "s" }, 'input: "path" must be a non-empty string, got undefined'],
      [
        { type: "mention", name: ["m"], path: "/m" },
        'input: "name" must be a non-empty string, got an array',
      ],
    ])("missing or wrongly typed field %o", (value, message) => {
      expect(invalid(value).message).toBe(message);
    });
  });
});
