/**
 * In-process locks per model signature, so two jobs never trade the same model at once (their days
 * would race for the same portfolio). A second job's model waits until the first releases it.
 */
export class ModelLocks {
  readonly #tails = new Map<string, Promise<void>>();

  async acquire(model: string): Promise<() => void> {
    const previous = this.#tails.get(model) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.#tails.set(model, tail);
    await previous;
    return () => {
      release();
      if (this.#tails.get(model) === tail) this.#tails.delete(model);
    };
  }
}
