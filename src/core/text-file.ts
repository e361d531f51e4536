// Reading the small text files a user names (session configs, universe files, calendar overrides,
// factor files) safely: only a regular file is read (a FIFO would block the read forever and
// /dev/zero never ends), and only up to a size limit, checked before reading. Callers turn the
// reason into their own coded error, naming the file the way the user wrote it.

import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from "node:fs";

export type TextFileRead =
  | { readonly text: string; readonly reason?: undefined; readonly cause?: undefined }
  | { readonly text?: undefined; readonly reason: string; readonly cause?: unknown };

/** Size limits of the files scanwright reads whole, in bytes. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
export const MAX_UNIVERSE_BYTES = 16 * 1024 * 1024;
export const MAX_CALENDAR_OVERRIDES_BYTES = 1024 * 1024;
export const MAX_FACTOR_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The UTF-8 text of the regular file at `path` of at most `maxBytes`, or why it cannot be had
 * (`does not exist`, `is a folder, not a file`, `is not a regular file (…)`, `is N bytes, more than
 * the limit of M`, `cannot be read (…)`), to follow the file's name in a message.
 */
export function readTextFile(path: string, maxBytes: number): TextFileRead {
  let fd: number | undefined;
  try {
    const kind = regularFileProblem(statSync(path));
    if (kind !== undefined) return { reason: kind };
    // O_NONBLOCK: should the path become a FIFO between the check and the open, the open does not wait.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    const problem = regularFileProblem(stats);
    if (problem !== undefined) return { reason: problem };
    if (stats.size > maxBytes) {
      return { reason: `is ${stats.size} bytes, more than the limit of ${maxBytes}` };
    }
    const text = readFileSync(fd, "utf8");
    // The file may have grown between the check and the read.
    if (Buffer.byteLength(text) > maxBytes) return { reason: `is more than the limit of ${maxBytes} bytes` };
    return { text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { reason: "does not exist", cause: error };
    if (code === "EISDIR") return { reason: "is a folder, not a file", cause: error };
    return {
      reason: `cannot be read (${error instanceof Error ? error.message : String(error)})`,
      cause: error,
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function regularFileProblem(stats: { isFile(): boolean; isDirectory(): boolean }): string | undefined {
  if (stats.isFile()) return undefined;
  return stats.isDirectory() ? "is a folder, not a file" : "is not a regular file (a device, FIFO or socket)";
}
