/**
 * A small TOML serializer for codex `config.toml` fragments: strings, numbers, booleans,
 * arrays (written inline) and nested tables (written as `[a.b]` sections).
 *
 * @module
 */

/** A value that can be written to TOML. `undefined` entries of a table are skipped. */
export type TomlValue = string | number | boolean | readonly TomlValue[] | TomlTable;

/** A TOML table: keys to values. */
export interface TomlTable {
  /** A key's value; `undefined` values are left out. */
  readonly [key: string]: TomlValue | undefined;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** True for plain objects (TOML tables), false for arrays and primitives. */
export function isTomlTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Encodes `text` as a TOML basic string, escaping quotes, backslashes and control characters. */
export function tomlString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

/** Encodes a key: bare when it only has letters, digits, `_` and `-`, quoted otherwise. */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : tomlString(key);
}

function tomlNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

/** Encodes one value inline (tables become inline tables `{ a = 1 }`). */
export function tomlInline(value: TomlValue, where = "value"): string {
  if (typeof value === "string") return tomlString(value);
  if (typeof value === "number") return tomlNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value))
    return `[${value.map((item, i) => tomlInline(item, `${where}[${i}]`)).join(", ")}]`;
  if (isTomlTable(value)) {
    const entries = definedEntries(value, where).map(
      ([key, item]) => `${tomlKey(key)} = ${tomlInline(item, `${where}.${key}`)}`,
    );
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  throw new TypeError(`TOML cannot represent ${where} = ${String(value)}`);
}

function definedEntries(table: TomlTable, where: string): Array<[string, TomlValue]> {
  const entries: Array<[string, TomlValue]> = [];
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    if (value === null) throw new TypeError(`TOML has no null: ${where}.${key}`);
    entries.push([key, value]);
  }
  return entries;
}

function writeTable(table: TomlTable, path: readonly string[], lines: string[]): void {
  const where = path.length === 0 ? "config" : path.join(".");
  const entries = definedEntries(table, where);
  const plain = entries.filter(([, value]) => !isTomlTable(value));
  const tables = entries.filter((entry): entry is [string, TomlTable] => isTomlTable(entry[1]));
  if (path.length > 0 && (plain.length > 0 || tables.length === 0)) {
    if (lines.length > 0) lines.push("");
    lines.push(`[${path.map(tomlKey).join(".")}]`);
  }
  for (const [key, value] of plain) lines.push(`${tomlKey(key)} = ${tomlInline(value, `${where}.${key}`)}`);
  for (const [key, value] of tables) writeTable(value, [...path, key], lines);
}

/**
 * Serialises a table as a TOML document: top-level keys first, then one `[section]` per nested table.
 *
 * @example
 * toToml({ model: "m", features: { web_search: false } });
 * // 'model = "m"\n\n[features]\nweb_search = false\n'
 */
export function toToml(table: TomlTable): string {
  const lines: string[] = [];
  writeTable(table, [], lines);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** Deep-merges `extra` into `base` (tables merge key by key; other values from `extra` win). */
export function mergeTomlTables(base: TomlTable, extra: TomlTable): TomlTable {
  const merged: Record<string, TomlValue | undefined> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] = isTomlTable(current) && isTomlTable(value) ? mergeTomlTables(current, value) : value;
  }
  return merged;
}
