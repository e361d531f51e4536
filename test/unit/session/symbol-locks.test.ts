import { describe, expect, it } from "vitest";
import { SessionError } from "../../../src/core/errors.js";
import { SymbolLocks } from "../../../src/session/symbol-locks.js";

describe("SymbolLocks", () => {
  it("holds several reasons for one symbol, in the order they were added", () => {
    const locks = new SymbolLocks();
    expect(locks.lock("AAPL", "position")).toBe(true);
    expect(locks.lock("AAPL", "order")).toBe(true);
    expect(locks.isLocked("AAPL")).toBe(true);
    expect(locks.reasonsOf("AAPL")).toEqual(["position", "order"]);
    expect(locks.lockedSymbols()).toEqual(["AAPL"]);
  });

  it("returns false for a reason that already stands, also when it differs only by surrounding spaces", () => {
    const locks = new SymbolLocks();
    expect(locks.lock("AAPL", "position")).toBe(true);
    expect(locks.lock("AAPL", "position")).toBe(false);
    expect(locks.lock("AAPL", "  position ")).toBe(false);
    expect(locks.reasonsOf("AAPL")).toEqual(["position"]);
  });

  it("releasing one reason keeps the symbol locked until the last reason goes", () => {
    const locks = new SymbolLocks();
    locks.lock("AAPL", "position");
    locks.lock("AAPL", "order");
    expect(locks.unlock("AAPL", "order")).toBe(true);
    expect(locks.isLocked("AAPL")).toBe(true);
    expect(locks.reasonsOf("AAPL")).toEqual(["position"]);
    expect(locks.unlock("AAPL", "position")).toBe(true);
    expect(locks.isLocked("AAPL")).toBe(false);
    expect(locks.reasonsOf("AAPL")).toEqual([]);
    expect(locks.lockedSymbols()).toEqual([]);
  });

  it("unlock without a reason releases every reason at once", () => {
    const locks = new SymbolLocks();
    locks.lock("AAPL", "position");
    locks.lock("AAPL", "order");
    locks.lock("MSFT", "position");
    expect(locks.unlock("AAPL")).toBe(true);
    expect(locks.isLocked("AAPL")).toBe(false);
    expect(locks.isLocked("MSFT")).toBe(true);
    expect(locks.lockedSymbols()).toEqual(["MSFT"]);
  });

  it("unlock returns false when nothing was released, and an unknown reason leaves the lock standing", () => {
    const locks = new SymbolLocks();
    expect(locks.unlock("AAPL")).toBe(false);
    expect(locks.unlock("AAPL", "position")).toBe(false);
    locks.lock("AAPL", "position");
    expect(locks.unlock("AAPL", "order")).toBe(false);
    expect(locks.isLocked("AAPL")).toBe(true);
    expect(locks.unlock("AAPL")).toBe(true);
    expect(locks.unlock("AAPL")).toBe(false);
    expect(locks.unlock("AAPL", "position")).toBe(false);
  });

  it("keeps symbols apart: locking one does not lock another", () => {
    const locks = new SymbolLocks();
    locks.lock("AAPL", "position");
    expect(locks.isLocked("MSFT")).toBe(false);
    expect(locks.reasonsOf("MSFT")).toEqual([]);
  });

  it("rejects an empty or blank reason with a SessionError naming the symbol and the value, locking nothing", () => {
    const locks = new SymbolLocks();
    const empty = (() => {
      try {
        locks.lock("AAPL", "");
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(empty).toBeInstanceOf(SessionError);
    expect((empty as SessionError).code).toBe("SCN_ERR_SESSION");
    expect((empty as SessionError).message).toBe(
      'lockSymbol("AAPL"): reason must be a non-empty string, got ""',
    );
    expect(() => locks.lock("AAPL", "   ")).toThrow(
      new SessionError('lockSymbol("AAPL"): reason must be a non-empty string, got "   "'),
    );
    expect(() => locks.lock("AAPL", undefined as unknown as string)).toThrow(
      'lockSymbol("AAPL"): reason must be a non-empty string, got undefined',
    );
    expect(locks.isLocked("AAPL")).toBe(false);
    expect(locks.lockedSymbols()).toEqual([]);
  });
});
