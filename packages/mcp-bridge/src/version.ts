declare const __CODEXKIT_MCP_VERSION__: string | undefined;

/** This package's version (set at build time). */
export const VERSION: string =
  typeof __CODEXKIT_MCP_VERSION__ === "string" ? __CODEXKIT_MCP_VERSION__ : "0.0.0-dev";
