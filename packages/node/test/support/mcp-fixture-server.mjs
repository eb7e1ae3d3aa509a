#!/usr/bin/env node
// A small real MCP server (stdio) for the codex.mcp tests: codex app-server runs it as a configured
// `mcp_servers` entry. One tool, `add`, and one resource, `note://greeting`.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "fixture", version: "1.0.0" });
server.registerTool(
  "add",
  {
    description: "Adds two numbers.",
    inputSchema: { a: z.number(), b: z.number() },
    outputSchema: { sum: z.number() },
  },
  async ({ a, b }) => ({
    content: [{ type: "text", text: `${a} + ${b} = ${a + b}` }],
    structuredContent: { sum: a + b },
  }),
);
server.registerResource(
  "greeting",
  "note://greeting",
  { description: "A greeting.", mimeType: "text/plain" },
  async (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/plain", text: "hello from the fixture" }] }),
);
await server.connect(new StdioServerTransport());
