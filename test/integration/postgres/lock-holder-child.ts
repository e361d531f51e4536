// Holds the daemon lock of a session on a journal until killed: argv[2] is the journal location,
// argv[3] the session. Prints "held" once it has the lock.

import { acquireDaemonLock } from "../../../src/runtime/daemon-lock.js";

const lock = acquireDaemonLock(process.argv[2], process.argv[3]);
process.stdout.write("held\n");
// Kept alive until the parent kills it: the lock must go with the process, not with a release.
setInterval(() => lock.path, 60_000);
