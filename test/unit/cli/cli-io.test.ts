// endQuietlyOnClosedPipe: a reader closing the pipe early ends the command with exit 0; any other
// output error still surfaces.

import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { endQuietlyOnClosedPipe } from "../../../src/cli/cli-io.js";

function streamError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code });
}

describe("endQuietlyOnClosedPipe", () => {
  it("exits 0 on EPIPE, from either stream", () => {
    const stdout = new EventEmitter();
    const stderr = new EventEmitter();
    const exits: number[] = [];
    endQuietlyOnClosedPipe([stdout, stderr], (code) => exits.push(code));
    stdout.emit("error", streamError("EPIPE"));
    stderr.emit("error", streamError("EPIPE"));
    expect(exits).toEqual([0, 0]);
  });

  it("rethrows any other stream error", () => {
    const stdout = new EventEmitter();
    const exits: number[] = [];
    endQuietlyOnClosedPipe([stdout], (code) => exits.push(code));
    expect(() => stdout.emit("error", streamError("ENOSPC"))).toThrow("write ENOSPC");
    expect(exits).toEqual([]);
  });
});
