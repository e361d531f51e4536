// The thread behind PgConnection: it owns one `pg` client and answers one request at a time. The
// caller blocks on a SharedArrayBuffer flag (Atomics.wait) until it holds the request's number and
// the answer is on the message port (pg-reply-wait.ts), so the store's synchronous contract holds
// on an asynchronous driver (see docs/architecture.md, "The data layer's backends").
//
// It is evaluated as a CommonJS worker (`eval: true`) so that it runs the same from src/ under
// vitest or tsx and from dist/; `pg` is required by the absolute path the parent resolved.

export const PG_WORKER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
const copyStreams = require(workerData.copyStreamsPath);
const { port, signal, config } = workerData;
const flag = new Int32Array(signal);

// int8 as a Number: every bigint column here is a time in ms or a count, exact below 2^53.
const types = {
  getTypeParser(oid, format) {
    if (oid === 20 && format !== "binary") return (text) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
};

let client;

function newClient() {
  const created = new pg.Client({
    connectionString: config.url,
    statement_timeout: config.statementTimeoutMs,
    connectionTimeoutMillis: config.connectTimeoutMs,
    application_name: "scanwright",
    types,
  });
  // A connection dropped while idle is reported here; the next request finds it gone.
  created.on("error", () => {
    if (client === created) client = undefined;
  });
  return created;
}

async function connect() {
  const fresh = newClient();
  try {
    await fresh.connect();
  } catch (error) {
    fresh.end().catch(() => undefined);
    throw error;
  }
  if (config.readOnly) await fresh.query("SET default_transaction_read_only = on");
  client = fresh;
}

function describe(error) {
  return {
    message: String(error && error.message ? error.message : error),
    code: error && typeof error.code === "string" ? error.code : undefined,
    address: error && error.address,
    port: error && error.port,
    lost: client === undefined || isLost(error),
  };
}

// No SQLSTATE (a socket error), class 08 (connection exception) or 57P01-3 (the server shut the
// session down): the connection is gone, not the statement wrong.
function isLost(error) {
  const code = error && error.code;
  if (typeof code !== "string") return true;
  return /^08/.test(code) || /^57P0[123]$/.test(code) || /^E[A-Z]+$/.test(code);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function reconnect(attempts, delayMs) {
  let last;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(delayMs * attempt);
    try {
      if (client) {
        const old = client;
        client = undefined;
        await old.end().catch(() => undefined);
      }
      await connect();
      return;
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

// The single bytea column of a COPY ... TO STDOUT (FORMAT binary): raw bytes, no text decoding.
// Layout: an 11-byte signature, int32 flags, int32 header-extension length and extension, then per
// row an int16 field count (-1 ends the data), and per field an int32 length and its bytes.
async function copyBlobs(sql) {
  const parts = [];
  let total = 0;
  for await (const part of client.query(copyStreams.to(sql))) {
    parts.push(part);
    total += part.byteLength;
  }
  // A buffer of its own (never the shared pool): it is transferred to the caller.
  const bytes = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const part of parts) offset += part.copy(bytes, offset);
  const offsets = [];
  const lengths = [];
  let at = 11 + 4;
  at += 4 + bytes.readInt32BE(at);
  while (at < total) {
    const fields = bytes.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    const length = bytes.readInt32BE(at);
    at += 4;
    offsets.push(at);
    lengths.push(length);
    at += length;
  }
  return { bytes: new Uint8Array(bytes.buffer, 0, total), offsets: Int32Array.from(offsets), lengths: Int32Array.from(lengths) };
}

async function handle(request) {
  switch (request.op) {
    case "connect":
      await connect();
      return { ok: true };
    case "reconnect":
      await reconnect(request.attempts, request.delayMs);
      return { ok: true };
    case "query": {
      if (!client) throw Object.assign(new Error("the connection to the server was lost"), { code: "ECONNLOST" });
      const result = await client.query({ text: request.sql, values: request.params });
      return { ok: true, rows: result.rows, rowCount: result.rowCount };
    }
    case "copy-blobs":
      if (!client) throw Object.assign(new Error("the connection to the server was lost"), { code: "ECONNLOST" });
      return { ok: true, packed: await copyBlobs(request.sql) };
    case "close":
      if (client) await client.end().catch(() => undefined);
      client = undefined;
      return { ok: true };
    default:
      throw new Error("unknown request " + request.op);
  }
}

// The answer first, then its request's number in the flag (pg-reply-wait.ts): the caller takes
// the message once the flag names its request, and drops late answers to earlier ones.
function answer(sequence, reply, transfer) {
  port.postMessage({ ...reply, sequence }, transfer);
  Atomics.store(flag, 0, sequence);
  Atomics.notify(flag, 0);
}

port.on("message", (request) => {
  handle(request).then(
    (reply) => {
      const transfer = reply.packed ? [reply.packed.bytes.buffer] : [];
      answer(request.sequence, reply, transfer);
    },
    (error) => answer(request.sequence, { ok: false, error: describe(error) }, []),
  );
});
`;
