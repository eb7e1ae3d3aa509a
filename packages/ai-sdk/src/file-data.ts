import type { AnyFilePart } from "./spec-types.js";

/** A file part's data, whichever specification it came in. */
export type FileData =
  | { kind: "base64"; base64: string }
  | { kind: "url"; url: URL }
  | { kind: "text"; text: string }
  | { kind: "reference" };

/**
 * Reads a file part's data: LanguageModelV3's bare base64 string, bytes or URL, and LanguageModelV4's tagged
 * `{ type: "data" | "url" | "text" | "reference" }` (which `ai@7` also hands a V3 model for `text` and
 * `reference` data).
 */
export function fileDataOf(data: AnyFilePart["data"] | { type: "text"; text: string }): FileData {
  if (typeof data === "string") return { kind: "base64", base64: data };
  if (data instanceof URL) return { kind: "url", url: data };
  if (data instanceof Uint8Array) return { kind: "base64", base64: Buffer.from(data).toString("base64") };
  switch (data.type) {
    case "data":
      return fileDataOf(data.data);
    case "url":
      return { kind: "url", url: data.url };
    case "text":
      return { kind: "text", text: data.text };
    default:
      return { kind: "reference" };
  }
}

/** Whether a media type (`image/png`, `image/*` or, since LanguageModelV4, the bare `image`) is an image. */
export function isImage(mediaType: string): boolean {
  return mediaType === "image" || mediaType.startsWith("image/");
}

/** Whether a media type (`text/plain`, `text/*` or the bare `text`) is text. */
export function isText(mediaType: string): boolean {
  return mediaType === "text" || mediaType.startsWith("text/");
}
