// A TCP proxy on 127.0.0.1 (port 0) in a child process, in front of a local server: a test kills
// it to cut every connection through it at once. A child process, because a PostgreSQL store
// blocks this thread while it waits for the server: a proxy on this thread's event loop would
// never forward the bytes it waits for.
//
// `cutAfter` arms a finer cut: the next client message holding the given text is forwarded to the
// server and then that client's connection is dropped without a byte of the answer, so the
// statement runs (a COMMIT commits) while the client only sees its connection lost.

import { type ChildProcess, spawn } from "node:child_process";

const PROXY_SOURCE = `
const net = require("node:net");
const [host, port] = [process.argv[1], Number(process.argv[2])];
let armed = null;
let forward = true;
process.on("message", (request) => {
  armed = Buffer.from(request.text);
  forward = request.forward;
  process.send("armed");
});
const server = net.createServer((client) => {
  const upstream = net.connect(port, host);
  let cut = false;
  upstream.pipe(client);
  client.on("data", (chunk) => {
    if (cut) return;
    if (armed !== null && chunk.includes(armed)) {
      armed = null;
      cut = true;
      upstream.unpipe(client);
      client.destroy();
      // Forwarded: the server reads the statement, then the end: it runs it and answers nobody.
      // Swallowed: the server's session stays open, waiting for a statement that never comes.
      if (forward) upstream.end(chunk);
      return;
    }
    upstream.write(chunk);
  });
  const end = () => {
    client.destroy();
    if (!cut) upstream.destroy();
  };
  client.on("error", end);
  upstream.on("error", end);
  client.on("close", end);
  upstream.on("close", end);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
`;

export interface TcpProxy {
  readonly port: number;
  /** SIGKILLs the proxy: every connection through it drops, and new ones are refused. */
  kill(): void;
  /**
   * Arms the cut described above for the next client message containing `text` (once); resolves
   * when the proxy has it, so a blocking call made afterwards meets it.
   */
  cutAfter(text: string): Promise<void>;
  /**
   * Like `cutAfter`, but the message is not forwarded and the server's end stays open: a partition
   * that leaves the server's session alive, idle in its transaction.
   */
  swallow(text: string): Promise<void>;
}

export function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ["-e", PROXY_SOURCE, host, String(port)], {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    child.on("error", reject);
    child.stdout?.once("data", (chunk: Buffer) => {
      const proxyPort = Number(chunk.toString().trim());
      let killed = false;
      resolve({
        port: proxyPort,
        // Once: a second call before the exit is seen would find no process (ESRCH).
        kill: () => {
          if (!killed && child.exitCode === null && child.pid !== undefined)
            process.kill(child.pid, "SIGKILL");
          killed = true;
        },
        cutAfter: (text) => arm(child, text, true),
        swallow: (text) => arm(child, text, false),
      });
    });
  });
}

function arm(child: ChildProcess, text: string, forward: boolean): Promise<void> {
  return new Promise<void>((armed, failed) => {
    child.once("message", () => armed());
    child.send({ text, forward }, (error) => {
      if (error) failed(error);
    });
  });
}
