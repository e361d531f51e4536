// A local HTTP endpoint on 127.0.0.1 (port 0) standing in for a webhook, Slack, Discord or the
// Telegram Bot API: it records every request exactly as received (method, path, headers, raw
// body) and answers each with the next scripted answer (200 once the script is used up). An answer
// can also hold the request without answering, or drop the connection.

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type ScriptedAnswer =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | "hang"
  | "drop";

export interface AlertReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Answers for the next requests, in order. */
  script(...answers: ScriptedAnswer[]): void;
  /** Resolves once `count` requests have been received. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_ANSWER: ScriptedAnswer = { status: 200, body: "ok" };

/** Starts the endpoint on `port` (0: any free port). */
export async function startAlertReceiver(
  defaultAnswer: ScriptedAnswer = DEFAULT_ANSWER,
  port = 0,
): Promise<AlertReceiver> {
  const requests: ReceivedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const held = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const answer = answers.shift() ?? defaultAnswer;
      if (answer === "hang") {
        held.add(response);
        return;
      }
      if (answer === "drop") {
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      response.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    script: (...more) => {
      answers.push(...more);
    },
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves once `condition` holds, checking every few ms; fails after `timeoutMs` (generous). */
export async function until(
  condition: () => boolean,
  timeoutMs = 20_000,
  what = "the condition",
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
