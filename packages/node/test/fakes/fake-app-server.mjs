#!/usr/bin/env node
// A FAKE `codex app-server` for fault injection in the reliability suite: it speaks just enough of the
// JSON-RPC-over-JSONL protocol to start threads and run echo turns, and on request misbehaves in ways the
// real app-server cannot be made to on demand (garbage on stdout, -32001, a 50 MB line, an unknown server
// request, a turn/start answer sent after the turn already completed, dying or closing its stdin mid-session).
// It is NOT codex. Spawn it through `new Codex({ codexPath })`; behaviour is chosen with FAKE_* variables:
//
//   FAKE_MODE              normal (default) | exit-at-once | never-initialize | crash-mid-message | stubborn
//                          (stubborn = normal, but ignores SIGTERM, SIGINT and the end of stdin)
//   FAKE_EXIT_CODE         exit code of exit-at-once / crash-mid-message / FAKE_DIE_ON (default 3)
//   FAKE_RECORD            file to append every line received on stdin to (one line each)
//   FAKE_ARGV_FILE         file to write JSON.stringify(process.argv.slice(2)) to at start-up
//   FAKE_PID_FILE          file to write the fake's pid to at start-up
//   FAKE_PRINT_ENV         comma-separated variable names whose values are printed to stderr at start-up
//                          (and, with FAKE_PRINT_ENV_TO_STDOUT, to stdout too: lines that are not JSON-RPC)
//   FAKE_GARBAGE_PER_MESSAGE, FAKE_GARBAGE_TOTAL
//                          write this many malformed lines before each valid message, up to the total
//   FAKE_OVERLOAD_FIRST    answer the first N calls of every method except initialize with -32001
//   FAKE_SILENT_ON         method name: never answer it (the call stays pending)
//   FAKE_HUGE_BYTES        the agent message of every turn is this many "x" (one line of that size)
//   FAKE_HUGE_GARBAGE_BYTES  write one malformed line of this many bytes before each turn's notifications
//   FAKE_UNKNOWN_SERVER_REQUEST  during each turn, send server requests (an unknown method, and a known one
//                          with params null), wait for the answers and report them in the agent message
//   FAKE_LATE_TURN_START_RESPONSE  emit the whole turn (started … completed) before the turn/start answer
//   FAKE_STALL_TURNS       turns never complete until turn/interrupt
//   FAKE_DIE_ON            method name: on receiving it, write half a message and exit at once
//   FAKE_CLOSE_STDIN_ON    method name: on receiving it, close stdin (later writes to us fail with EPIPE),
//                          stay alive FAKE_LINGER_MS (default 300) without answering, then exit
//   FAKE_APPROVAL_THEN_DIE during each turn, send an approval request and exit before it can be answered
//   FAKE_USER_AGENT        the userAgent initialize answers with (default fake-app-server/0.0.0); "none" omits it
//   FAKE_LOGIN_ERROR_ECHO  answer account/login/start with an error that quotes the key, and log it to stderr
import { appendFileSync, closeSync, writeFileSync } from "node:fs";

const env = process.env;
const mode = env.FAKE_MODE ?? "normal";
const exitCode = Number(env.FAKE_EXIT_CODE ?? 3);
const log = (line) => process.stderr.write(`${line}\n`);

log(`fake-app-server pid=${process.pid} mode=${mode}`);
if (env.FAKE_ARGV_FILE) writeFileSync(env.FAKE_ARGV_FILE, JSON.stringify(process.argv.slice(2)));
if (env.FAKE_PID_FILE) writeFileSync(env.FAKE_PID_FILE, String(process.pid));
for (const name of (env.FAKE_PRINT_ENV ?? "").split(",").filter(Boolean)) {
  log(`env ${name}=${env[name]}`);
  if (env.FAKE_PRINT_ENV_TO_STDOUT) process.stdout.write(`env ${name}=${env[name]}\n`);
}

if (mode === "exit-at-once") {
  log("fatal: fake app-server exits at once");
  process.exit(exitCode);
}
if (mode === "stubborn" || mode === "never-initialize") {
  process.on("SIGTERM", () => log("ignoring SIGTERM"));
  process.on("SIGINT", () => log("ignoring SIGINT"));
  setInterval(() => {}, 60_000); // stay alive after stdin ends
}

// ---- output -------------------------------------------------------------------------------------------

const GARBAGE = [
  '{"jsonrpc":"2.0","method":"turn/started","params":{"threadId":"t',
  "not json at all",
  "42",
  '"a string"',
  "[1,2,3]",
  "null",
  "true",
  '{"jsonrpc":"2.0","id":7}',
  '{"method":5}',
  `{"unterminated":"${"z".repeat(500)}`,
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), // invalid UTF-8, then {}
  '{"params":{}}',
  '{"id":1,"res',
  "\u0001\u0002 binary",
  '{"jsonrpc":"2.0","method":"item/completed","params":',
  "}{",
  "[]",
  "{}",
];
let garbageLeft = Number(env.FAKE_GARBAGE_TOTAL ?? 0);
const garbagePerMessage = Number(env.FAKE_GARBAGE_PER_MESSAGE ?? 0);
let garbageIndex = 0;
let sent = 0;

function garbage(count) {
  const parts = [];
  for (let i = 0; i < count && garbageLeft > 0; i++, garbageLeft--) {
    const line = GARBAGE[garbageIndex++ % GARBAGE.length];
    parts.push(Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from("\n"));
  }
  return Buffer.concat(parts);
}

/** Writes one message, with garbage before it when asked; every other message is split in two writes. */
function send(message) {
  const line = Buffer.from(`${JSON.stringify(message)}\n`);
  const before = garbage(garbagePerMessage);
  if (sent++ % 2 === 0 || line.length < 4) {
    process.stdout.write(Buffer.concat([before, line]));
  } else {
    const cut = Math.floor(line.length / 2);
    process.stdout.write(Buffer.concat([before, line.subarray(0, cut)]));
    process.stdout.write(line.subarray(cut));
  }
}

const result = (id, value) => send({ jsonrpc: "2.0", id, result: value });
const error = (id, code, message) => send({ jsonrpc: "2.0", id, error: { code, message } });
const notify = (method, params) => send({ jsonrpc: "2.0", method, params });

// ---- protocol -----------------------------------------------------------------------------------------

let counter = 0;
const newId = (prefix) => `${prefix}-${process.pid}-${++counter}`;
const calls = new Map();
const stalled = new Map(); // turnId -> complete(status)
const serverRequests = new Map(); // id -> resolve(answer)
let serverRequestCounter = 0;

function askClient(method, params) {
  const id = `srv-${++serverRequestCounter}`;
  return new Promise((resolve) => {
    serverRequests.set(id, resolve);
    send({ id, method, params });
  });
}

function threadInfo(id, params) {
  return {
    id,
    sessionId: id,
    path: null,
    cwd: params?.cwd ?? process.cwd(),
    modelProvider: "fake",
    model: "fake-model",
    status: { type: "idle" },
    turns: [],
    name: null,
    preview: "",
    ephemeral: true,
  };
}

function turnInfo(id, status) {
  return { id, items: [], status, error: null, startedAt: null, completedAt: null, durationMs: 1 };
}

function textOf(input) {
  return (Array.isArray(input) ? input : [])
    .map((item) => (item && item.type === "text" ? item.text : `[${item?.type}]`))
    .join(" ");
}

async function runTurn(threadId, turnId, params) {
  const events = [];
  const emit = (method, payload) => events.push([method, payload]);
  emit("turn/started", { threadId, turn: turnInfo(turnId, "inProgress") });
  let text = `echo:${textOf(params.input)}`;
  if (env.FAKE_HUGE_BYTES) text = "x".repeat(Number(env.FAKE_HUGE_BYTES));
  const flush = () => {
    for (const [method, payload] of events.splice(0)) notify(method, payload);
  };
  if (env.FAKE_HUGE_GARBAGE_BYTES) {
    process.stdout.write(`{${"y".repeat(Number(env.FAKE_HUGE_GARBAGE_BYTES) - 1)}\n`);
  }
  if (env.FAKE_APPROVAL_THEN_DIE) {
    flush();
    send({
      id: "srv-approval",
      method: "item/commandExecution/requestApproval",
      params: {
        threadId,
        turnId,
        itemId: "call-1",
        command: "rm -rf /",
        availableDecisions: ["accept", "decline"],
      },
    });
    setTimeout(() => process.exit(exitCode), 20);
    return;
  }
  if (env.FAKE_UNKNOWN_SERVER_REQUEST) {
    flush();
    const unknown = await askClient("item/tool/frobnicate", { threadId, turnId, itemId: "frob-1" });
    const nullParams = await askClient("item/commandExecution/requestApproval", null);
    text = JSON.stringify({ unknown, nullParams });
  }
  const complete = (status) => {
    if (status === "completed") {
      emit("item/completed", {
        threadId,
        turnId,
        item: { type: "agentMessage", id: newId("msg"), text, phase: null },
      });
    }
    emit("turn/completed", { threadId, turn: turnInfo(turnId, status) });
    flush();
  };
  if (env.FAKE_STALL_TURNS) {
    flush();
    stalled.set(turnId, complete);
    return;
  }
  complete("completed");
}

function handle(message) {
  if (message.method === undefined) {
    // an answer to one of our server requests
    const resolve = serverRequests.get(message.id);
    serverRequests.delete(message.id);
    resolve?.(message);
    return;
  }
  const { id, method, params } = message;
  if (id === undefined) return; // notifications (`initialized`) need no answer
  if (mode === "never-initialize") return;
  if (env.FAKE_DIE_ON === method) {
    process.stdout.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"half`);
    log(`fake-app-server dying on ${method}`);
    process.exit(exitCode);
  }
  if (env.FAKE_CLOSE_STDIN_ON === method) {
    log(`fake-app-server closing its stdin on ${method}`);
    process.stdin.destroy(); // (destroy alone leaves fd 0 open)
    closeSync(0);
    setTimeout(() => process.exit(exitCode), Number(env.FAKE_LINGER_MS ?? 300));
    return;
  }
  if (mode === "crash-mid-message" && method === "initialize") {
    process.stdout.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"userAgent":"fake`);
    log("fake-app-server crashed mid-message");
    process.exit(exitCode);
  }
  if (env.FAKE_SILENT_ON === method) return;
  const count = (calls.get(method) ?? 0) + 1;
  calls.set(method, count);
  if (method !== "initialize" && count <= Number(env.FAKE_OVERLOAD_FIRST ?? 0)) {
    error(id, -32001, "Server overloaded; retry later.");
    return;
  }
  switch (method) {
    case "initialize":
      result(id, {
        ...(env.FAKE_USER_AGENT === "none"
          ? {}
          : { userAgent: env.FAKE_USER_AGENT ?? "fake-app-server/0.0.0" }),
        codexHome: env.CODEX_HOME ?? "/nonexistent",
        platformFamily: "unix",
        platformOs: "linux",
      });
      return;
    case "thread/start":
    case "thread/resume":
    case "thread/fork": {
      const threadId = method === "thread/start" ? newId("thread") : params.threadId;
      result(id, {
        thread: threadInfo(threadId, params),
        model: "fake-model",
        modelProvider: "fake",
        cwd: params?.cwd ?? process.cwd(),
        approvalPolicy: "never",
        sandbox: { type: "readOnly", networkAccess: false },
      });
      return;
    }
    case "turn/start": {
      const turnId = newId("turn");
      const answer = () => result(id, { turn: turnInfo(turnId, "inProgress") });
      if (env.FAKE_LATE_TURN_START_RESPONSE) {
        void runTurn(params.threadId, turnId, params).then(answer);
      } else {
        answer();
        void runTurn(params.threadId, turnId, params);
      }
      return;
    }
    case "turn/interrupt": {
      result(id, {});
      const complete = stalled.get(params.turnId);
      stalled.delete(params.turnId);
      complete?.("interrupted");
      return;
    }
    case "turn/steer":
      result(id, { turnId: params.expectedTurnId });
      return;
    case "model/list":
    case "thread/list":
      result(id, { data: [], nextCursor: null });
      return;
    case "thread/read":
      result(id, { thread: threadInfo(params.threadId, params) });
      return;
    case "account/read":
      result(id, { account: null, requiresOpenaiAuth: false });
      return;
    case "account/login/start":
      if (env.FAKE_LOGIN_ERROR_ECHO) {
        log(`rejecting login with key ${params.apiKey}`);
        error(id, -32600, `Invalid request: the API key ${params.apiKey} was rejected`);
        return;
      }
      result(id, { type: "apiKey" });
      return;
    case "account/logout":
      result(id, {});
      return;
    default:
      error(id, -32600, `Invalid request: unknown variant \`${method}\``);
  }
}

// ---- input --------------------------------------------------------------------------------------------

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let newline = buffered.indexOf("\n");
  while (newline !== -1) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    newline = buffered.indexOf("\n");
    if (line.trim() === "") continue;
    if (env.FAKE_RECORD) appendFileSync(env.FAKE_RECORD, `${line}\n`);
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      log(`fake-app-server: unparsable input line: ${line.slice(0, 200)}`);
      continue;
    }
    handle(message);
  }
});
process.stdin.on("error", () => {});
process.stdin.on("end", () => {
  if (mode === "stubborn" || mode === "never-initialize") {
    log("stdin ended; staying alive anyway");
    return;
  }
  process.exit(0);
});
if (mode === "stubborn" || mode === "never-initialize") {
  // a reader that went away does not stop a stubborn server either
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
} else {
  process.stdout.on("error", () => process.exit(0));
}
