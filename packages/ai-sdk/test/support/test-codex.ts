import { createTestCodex, type TestCodex, type TestCodexOptions } from "@codexkit/testing";

export type { TestCodex };

/** A real app-server on a scripted model, for one test file. */
export function startTestCodex(options: TestCodexOptions = {}): Promise<TestCodex> {
  return createTestCodex(options);
}

// the AI SDK logs every warning to the console; the tests assert on them instead
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
