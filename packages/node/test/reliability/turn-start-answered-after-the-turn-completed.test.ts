import { describe, expect, it } from "vitest";
import { fakeCodex } from "./support/fake.js";

// Under load the app-server can write a whole short turn (turn/started … turn/completed) before it writes
// the turn/start answer that names the turn: the router must keep those notifications for the late opener.
describe("a turn/start answer that arrives after the turn completed", () => {
  it("still yields the turn's result, stream and final response, and leaves no state behind", async () => {
    await using fake = await fakeCodex({ FAKE_LATE_TURN_START_RESPONSE: "1" });
    const thread = await fake.codex.threadStart();
    const result = await thread.run("first");
    expect(result).toMatchObject({ status: "completed", finalResponse: "echo:first" });

    const handle = await thread.turn("second");
    const methods: string[] = [];
    for await (const event of handle.stream()) methods.push(event.method);
    expect(methods).toEqual(["turn/started", "item/completed", "turn/completed"]);
    expect((await handle.run()).finalResponse).toBe("echo:second");

    const many = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const own = await fake.codex.threadStart();
        return (await own.run(`turn ${i}`)).finalResponse;
      }),
    );
    expect(many).toEqual(Array.from({ length: 20 }, (_, i) => `echo:turn ${i}`));
    expect(fake.codex.stats()).toMatchObject({ open: 0, buffered: 0, completionWaiters: 0 });
  });
});
