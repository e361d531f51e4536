// The coded error a synchronous call throws; fails the test when it does not throw.

import type { ScanwrightError } from "../../src/core/errors.js";

export function thrown(call: () => unknown): ScanwrightError {
  try {
    call();
  } catch (error) {
    return error as ScanwrightError;
  }
  throw new Error("expected the call to throw");
}
