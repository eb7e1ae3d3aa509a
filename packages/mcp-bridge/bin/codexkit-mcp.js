#!/usr/bin/env node
// The `codexkit-mcp` bin: runs the built CLI. A committed file rather than dist/cli.js itself, so that
// installing the workspace before anything is built links the bin without "Failed to create bin" warnings.
import "../dist/cli.js";
