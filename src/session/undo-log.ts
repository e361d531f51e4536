// Records how to undo each step of a provisioning so that a failure leaves no trace: on failure the
// steps are undone newest first.

export class UndoLog {
  private readonly steps: Array<() => void> = [];

  push(undo: () => void): void {
    this.steps.push(undo);
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
