import type { ReasoningEffort, ReasoningSummary, Thread } from "@codexkit/node";

/**
 * The settings a `turn/start` may override for "this and later turns" of a thread, and which the provider sets on
 * every turn it starts.
 */
export interface TurnSettings {
  /** The model. */
  model?: string;
  /** The reasoning effort. */
  effort?: ReasoningEffort;
  /** The reasoning summary mode. */
  summary?: ReasoningSummary;
}

/** The part of a `thread/settings/updated` notification's settings the provider follows. */
export interface ReportedSettings {
  /** The model. */
  model: string;
  /** The reasoning effort (`null`: the model's default). */
  effort: ReasoningEffort | null;
  /** The reasoning summary mode (`null`: the default). */
  summary: ReasoningSummary | null;
}

const KEYS = ["model", "effort", "summary"] as const satisfies readonly (keyof TurnSettings)[];

/**
 * What a conversation's thread is known to run with. A `turn/start` that carries any override costs codex a
 * rebuild of the thread's turn context (several ms of app-server CPU per turn, the same for a value the thread
 * already has), so the provider sends only the settings that differ from what it knows. An unknown setting
 * (never reported, or a `turn/start` changing it still queued or failed) is always sent.
 */
export class KnownTurnSettings {
  private known: TurnSettings;

  private constructor(known: TurnSettings) {
    this.known = known;
  }

  /** What the server reported when it started or resumed `thread` (nothing when it did not say). */
  static of(thread: Thread): KnownTurnSettings {
    const settings = thread.settings;
    return new KnownTurnSettings(
      settings ? settingsOf({ model: settings.model, effort: settings.reasoningEffort, summary: null }) : {},
    );
  }

  /**
   * The overrides a turn wanting `wanted` must send. They are unknown until {@link applied}: a concurrent call
   * on the same thread (its turn queues behind this one) sends its own settings too.
   */
  overridesFor(wanted: TurnSettings): TurnSettings {
    const overrides: TurnSettings = { ...wanted };
    for (const key of KEYS) {
      if (overrides[key] === undefined || overrides[key] === this.known[key]) delete overrides[key];
      else delete this.known[key];
    }
    return overrides;
  }

  /** Records the overrides of a `turn/start` the server accepted: they hold for the thread's later turns. */
  applied(overrides: TurnSettings): void {
    this.known = { ...this.known, ...overrides };
  }

  /**
   * Takes what codex reported in `thread/settings/updated` (sent when a turn, of this or another client,
   * changed the thread's settings; experimental API, which codexkit turns on by default).
   */
  reported(settings: ReportedSettings): void {
    this.known = settingsOf(settings);
  }

  /** Forgets the model (the server rerouted a turn to another one): the next turn sends it again. */
  forgetModel(): void {
    delete this.known.model;
  }
}

function settingsOf({ model, effort, summary }: ReportedSettings): TurnSettings {
  return {
    ...(model ? { model } : {}),
    ...(effort ? { effort } : {}),
    ...(summary ? { summary } : {}),
  };
}
