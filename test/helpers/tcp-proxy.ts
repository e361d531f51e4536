// A TCP proxy on 127.0.0.1 (port 0) in a child process, in front of a local server: a test kills
// it to cut every connection through it at once. A child process, because a PostgreSQL store
// blocks this thread while it waits for the server: a proxy on this thread's event loop would
// never forward the bytes it waits for.

import { type ChildProcess, spawn } from "node:child_process";

const PROXY_SOURCE = `
const net = require("node:net");
const [host, port] = [process.argv[1], Number(process.argv[2])];
const server = net.createServer((client) => {
  const upstream = net.connect(port, host);
  client.pipe(upstream).pipe(client);
  const end = () => { client.destroy(); upstream.destroy(); };
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
}

export function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ["-e", PROXY_SOURCE, host, String(port)], {
      stdio: ["ignore", "pipe", "inherit"],
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
      });
    });
  });
}
