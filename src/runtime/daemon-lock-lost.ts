// The daemon lost its lock (on PostgreSQL: the lock's connection ended and the lock could not be
// taken again). Another daemon may drive the live run by now, so this one stops without a write to
// the run: no "failed" finish that would end the other daemon's run.

import { StoreError } from "../core/errors.js";

export class DaemonLockLostError extends StoreError {}
