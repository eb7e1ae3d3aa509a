// @ts-check
// TypeDoc plugin for codexkit's API reference (loaded from typedoc.json).
//
// The "not documented" validation applies to hand-written exports. Two kinds of reflections are exempt,
// because no comment can be written for them in this repository:
//  - the protocol types in packages/core/src/generated/ (regenerated from codex by `pnpm generate`; they
//    carry upstream's descriptions where upstream has them). They get a short note saying so.
//  - members synthesized from third-party types (e.g. the keys of a zod enum), which have no source here.
import { Comment, Converter } from "typedoc";

const GENERATED = /[\\/]packages[\\/]core[\\/]src[\\/]generated[\\/]/;
const OURS = /[\\/]packages[\\/][^\\/]+[\\/]src[\\/]/;

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.hasComment()) continue;
      const sources =
        "sources" in reflection
          ? /** @type {{ fullFileName: string }[] | undefined} */ (reflection.sources)
          : undefined;
      const files = (sources ?? []).map((source) => source.fullFileName);
      if (files.length > 0 && files.every((file) => GENERATED.test(file))) {
        reflection.comment = new Comment([
          { kind: "text", text: "Generated from the pinned codex's app-server protocol." },
        ]);
      } else if (files.length > 0 && !files.some((file) => OURS.test(file))) {
        reflection.comment = new Comment([{ kind: "text", text: "Derived from a third-party type." }]);
      }
    }
  });
}
