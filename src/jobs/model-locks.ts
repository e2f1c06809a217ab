/** A job's hold on its models: the turn to trade each one comes in the order jobs reserved them. */
export interface ModelReservation {
  /** Resolves when every earlier job has released this model. */
  turn(model: string): Promise<void>;
  /** Lets the next job trade this model (idempotent). */
  release(model: string): void;
  releaseAll(): void;
}

/**
 * In-process locks per model signature, so two jobs never trade the same model at once (their days
 * would race for the same portfolio). A job reserves all its models at once, when it is claimed, so
 * jobs get each model in claim order: an older job's earlier dates always commit before a newer
 * job's, whichever of them finishes its price download first.
 */
export class ModelLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** Queues behind every earlier reservation, synchronously: call it before any `await`. */
  reserve(models: readonly string[]): ModelReservation {
    const turns = new Map<string, Promise<void>>();
    const releases = new Map<string, () => void>();
    for (const model of new Set(models)) {
      const previous = this.#tails.get(model) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      this.#tails.set(model, tail);
      turns.set(model, previous);
      releases.set(model, () => {
        release();
        if (this.#tails.get(model) === tail) this.#tails.delete(model);
      });
    }
    const release = (model: string): void => {
      releases.get(model)?.();
      releases.delete(model);
    };
    return {
      turn: (model) => turns.get(model) ?? Promise.resolve(),
      release,
      releaseAll: () => [...releases.keys()].forEach(release),
    };
  }
}
