/**
 * Image URLs Codex takes as they are (`http(s)` as image URLs, `file:` as local images); the AI SDK downloads
 * others and sends them inline. A new record for every model.
 */
export function supportedUrls(): Record<string, RegExp[]> {
  return { "image/*": [/^https?:\/\/.+$/, /^file:\/\/.+$/] };
}
