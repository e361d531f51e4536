// Records how to undo each step of a provisioning so that a failure leaves no trace: on failure the
// steps are undone newest first. One log can serve many provisionings in turn (a universe at a day's
// start): each one that succeeds commits, so a later failure undoes only its own steps.

export class UndoLog {
  private readonly steps: Array<() => void> = [];

  push(undo: () => void): void {
    this.steps.push(undo);
  }

  /** Keeps what the recorded steps did: they are forgotten, a later rollback no longer undoes them. */
  commit(): void {
    this.steps.length = 0;
  }

  /** Undoes every recorded step, newest first; an undo that throws does not stop the others. */
  rollback(): unknown[] {
    const failures: unknown[] = [];
    for (let index = this.steps.length - 1; index >= 0; index--) {
      try {
        this.steps[index]();
      } catch (error) {
        failures.push(error);
      }
    }
    this.steps.length = 0;
    return failures;
  }
}
