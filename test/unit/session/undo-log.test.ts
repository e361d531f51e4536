import { describe, expect, it } from "vitest";
import { UndoLog } from "../../../src/session/undo-log.js";

describe("UndoLog", () => {
  it("undoes the recorded steps newest first and reports no failures", () => {
    const undo = new UndoLog();
    const log: number[] = [];
    undo.push(() => log.push(1));
    undo.push(() => log.push(2));
    undo.push(() => log.push(3));
    expect(undo.rollback()).toEqual([]);
    expect(log).toEqual([3, 2, 1]);
  });

  it("keeps undoing after a step throws and returns the thrown errors in the order they happened", () => {
    const undo = new UndoLog();
    const log: string[] = [];
    const early = new Error("undo b failed");
    const late = new Error("undo c failed");
    undo.push(() => log.push("a"));
    undo.push(() => {
      log.push("b");
      throw early;
    });
    undo.push(() => {
      log.push("c");
      throw late;
    });
    undo.push(() => log.push("d"));
    expect(undo.rollback()).toEqual([late, early]);
    expect(log).toEqual(["d", "c", "b", "a"]);
  });

  it("forgets the steps once rolled back, so a second rollback does nothing", () => {
    const undo = new UndoLog();
    const log: number[] = [];
    undo.push(() => log.push(1));
    undo.rollback();
    expect(undo.rollback()).toEqual([]);
    expect(log).toEqual([1]);
  });

  it("rolls back nothing when no step was recorded", () => {
    expect(new UndoLog().rollback()).toEqual([]);
  });

  it("commit keeps the steps so far: a later rollback undoes only the steps recorded after it", () => {
    const undo = new UndoLog();
    const log: string[] = [];
    undo.push(() => log.push("first symbol"));
    undo.commit();
    undo.push(() => log.push("second symbol, step 1"));
    undo.push(() => log.push("second symbol, step 2"));
    expect(undo.rollback()).toEqual([]);
    expect(log).toEqual(["second symbol, step 2", "second symbol, step 1"]);
  });
});
