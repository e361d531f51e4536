// What every number-valued indicator shows: the latest value (committed, or provisional after
// `replace`) or "no value yet". The value and the flag are kept apart so the field only ever holds
// numbers: a number-or-null field would box every value stored in it (an allocation per update).

export abstract class ShownNumber {
  private shown = 0;
  private isShown = false;

  get value(): number | null {
    return this.isShown ? this.shown : null;
  }

  get ready(): boolean {
    return this.isShown;
  }

  /** Shows `value` (committed or provisional) and returns it. */
  protected show(value: number): number {
    this.shown = value;
    this.isShown = true;
    return value;
  }

  /** Shows "no value yet". */
  protected hide(): null {
    this.isShown = false;
    return null;
  }

  /** Shows `value` when `isShown`, else "no value yet"; returns what is shown. */
  protected showIf(isShown: boolean, value: number): number | null {
    return isShown ? this.show(value) : this.hide();
  }

  /** Back to the freshly constructed state. */
  protected resetShown(): void {
    this.shown = 0;
    this.isShown = false;
  }
}
