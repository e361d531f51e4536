// The thread behind PgConnection: it owns one `pg` client and answers one request at a time. The
// caller blocks on a SharedArrayBuffer flag (Atomics.wait) until the answer is on the message
// port, so the store's synchronous contract holds on an asynchronous driver (see
// docs/architecture.md, "PostgreSQL behind synchronous ports").
//
// It is evaluated as a CommonJS worker (`eval: true`) so that it runs the same from src/ under
// vitest or tsx and from dist/; `pg` is required by the absolute path the parent resolved.

export const PG_WORKER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
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

// The data column of every row, concatenated into one transferable buffer with each row's length.
function pack(rows) {
  let total = 0;
  for (const row of rows) total += row.data.byteLength;
  const bytes = new Uint8Array(total);
  const lengths = new Int32Array(rows.length);
  let offset = 0;
  rows.forEach((row, index) => {
    bytes.set(row.data, offset);
    lengths[index] = row.data.byteLength;
    offset += row.data.byteLength;
  });
  return { bytes, lengths };
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
      if (request.packed) return { ok: true, packed: pack(result.rows) };
      return { ok: true, rows: result.rows, rowCount: result.rowCount };
    }
    case "close":
      if (client) await client.end().catch(() => undefined);
      client = undefined;
      return { ok: true };
    default:
      throw new Error("unknown request " + request.op);
  }
}

function answer(reply, transfer) {
  port.postMessage(reply, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

port.on("message", (request) => {
  handle(request).then(
    (reply) => {
      const transfer = reply.packed ? [reply.packed.bytes.buffer, reply.packed.lengths.buffer] : [];
      answer(reply, transfer);
    },
    (error) => answer({ ok: false, error: describe(error) }, []),
  );
});
`;
