// The dashboard page: a small hash-routed view over the JSON API (src/web/json-api.ts).
//   #/                         the runs
//   #/run/ID?scanner&symbol&date&status   a run: summary, alerts, scores, days, rows (filtered), links
//   #/symbol/SYM?run&at&interval&scanner  the symbol view: a chart around a hit
//   #/live                     the latest run as it grows (server-sent events), with its alerts
// Everything is built with DOM calls and textContent: journal text is never parsed as HTML.
(() => {
  const view = document.getElementById("view");
  let closeLive = () => {};

  const { el, table, summaryTable, alertsTable, scoresSection, ALERT_STATUSES } = window.ScanwrightDom;

  function link(text, hash, attributes = {}) {
    return el("a", { href: hash, ...attributes }, text);
  }

  function hashOf(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
    }
    const text = query.toString();
    return `#${path}${text ? `?${text}` : ""}`;
  }

  async function api(path) {
    const response = await fetch(`/api${path}`, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok)
      throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : response.statusText);
    return body;
  }

  /** `10:35` of `2024-12-30T10:35:00-05:00` (seconds when the slot has them). */
  function clockOf(iso) {
    const time = iso.slice(11, 19);
    return time.endsWith(":00") ? time.slice(0, 5) : time;
  }

  async function showRuns() {
    const { runs } = await api("/runs");
    view.replaceChildren(
      el("h1", {}, "Runs"),
      table(
        [
          { title: "run", num: true },
          { title: "name" },
          { title: "mode" },
          { title: "status" },
          { title: "started" },
          { title: "finished" },
          { title: "rows", num: true },
        ],
        [...runs]
          .reverse()
          .map((run) =>
            el(
              "tr",
              {},
              el("td", { class: "num" }, link(String(run.id), `#/run/${run.id}`)),
              el("td", {}, run.name),
              el("td", {}, run.mode),
              el("td", {}, run.status),
              el("td", {}, run.startedAt),
              el("td", {}, run.finishedAt ?? "-"),
              el("td", { class: "num" }, run.rows),
            ),
          ),
        { id: "runs" },
      ),
    );
  }

  async function showRun(id, params) {
    const runPath = `/run/${id}`;
    const filters = {
      scanner: params.get("scanner") ?? "",
      symbol: params.get("symbol") ?? "",
      status: params.get("status") ?? "",
      date: params.get("date") ?? "",
      hits: params.get("hits") ?? "",
    };
    const query = new URLSearchParams({ limit: "1000" });
    if (filters.hits) query.set("hits", "1");
    if (filters.scanner) query.set("scanner", filters.scanner);
    if (filters.symbol) query.set("symbol", filters.symbol);
    if (filters.status) query.set("status", filters.status);
    if (filters.date) {
      query.set("from", filters.date);
      query.set("to", filters.date);
    }
    const [detail, rows, scores] = await Promise.all([
      api(`/runs/${id}`),
      api(`/runs/${id}/rows?${query}`),
      api(`/runs/${id}/scores`),
    ]);
    const withFilter = (change) => hashOf(runPath, { ...filters, ...change });
    const active = Object.entries(filters).filter(([, value]) => value !== "");
    view.replaceChildren(
      el("h1", {}, `Run ${detail.run.id} "${detail.run.name}" (${detail.run.mode}, ${detail.run.status})`),
      el(
        "p",
        { class: "muted" },
        `${detail.run.startedAt} → ${detail.run.finishedAt ?? "running"}, ${detail.run.rows} rows, config hash ${detail.run.configHash}`,
      ),
      el("h2", {}, "Summary"),
      summaryTable(detail.summary),
      el("h2", {}, "Alerts"),
      alertsTable(detail.alerts),
      el("h2", {}, "Forward returns"),
      scoresSection(scores),
      el("h2", {}, "Days"),
      el(
        "div",
        { class: "filters", id: "days" },
        detail.days.map((day) => link(`${day.date} (${day.hits} hits)`, withFilter({ date: day.date }))),
      ),
      el("h2", {}, "Rows"),
      el(
        "div",
        { class: "filters" },
        "Scanner:",
        detail.scanners.map((name) => link(name, withFilter({ scanner: name }), { class: "chip" })),
        "Status:",
        ["ok", "error", "timeout", "skipped", "disabled", "missed"].map((s) =>
          link(s, withFilter({ status: s }), { class: "chip" }),
        ),
        link("with hits only", withFilter({ hits: "1" }), { class: "chip" }),
        symbolBox(filters.symbol, (symbol) => {
          location.hash = withFilter({ symbol });
        }),
        active.length > 0 ? link("clear filters", hashOf(runPath, {})) : "",
      ),
      el(
        "p",
        { id: "row-count" },
        `${rows.total} rows match${active.map(([k, v]) => ` ${k}=${v}`).join("")}` +
          (rows.rows.length < rows.total ? `, showing the first ${rows.rows.length}` : ""),
      ),
      rowsTable(rows.rows, id),
    );
  }

  function symbolBox(value, onSymbol) {
    const input = el("input", { type: "search", placeholder: "symbol", size: 8, value, id: "symbol-filter" });
    const form = el("form", {}, "Symbol:", input);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onSymbol(input.value.trim().toUpperCase());
    });
    return form;
  }

  function rowsTable(rows, runId) {
    return table(
      [
        { title: "date" },
        { title: "time" },
        { title: "scanner" },
        { title: "kind" },
        { title: "status" },
        { title: "ms", num: true },
        { title: "hits" },
        { title: "error" },
      ],
      rows.map((row) => rowLine(row, runId)),
      { id: "rows" },
    );
  }

  function rowLine(row, runId, attributes = {}) {
    return el(
      "tr",
      { "data-slot": row.scheduledAt, "data-scanner": row.scanner, "data-kind": row.kind, ...attributes },
      el("td", {}, link(row.sessionDate, hashOf(`/run/${runId}`, { date: row.sessionDate }))),
      el("td", {}, clockOf(row.scheduledAt)),
      el("td", {}, link(row.scanner, hashOf(`/run/${runId}`, { scanner: row.scanner }))),
      el("td", {}, row.kind),
      el("td", { class: `status-${row.status}` }, row.status),
      el("td", { class: "num" }, row.durationMs.toFixed(1)),
      el(
        "td",
        { class: "hits" },
        row.symbols.map((symbol) =>
          link(
            symbol,
            hashOf(`/symbol/${symbol}`, { run: runId, at: row.scheduledAt, scanner: row.scanner }),
            { class: "chip", "data-symbol": symbol },
          ),
        ),
      ),
      el("td", {}, row.error ?? ""),
    );
  }

  async function showSymbol(symbol, params) {
    const interval = params.get("interval") ?? "5m";
    const query = new URLSearchParams({ symbol, interval, at: params.get("at") ?? "" });
    for (const key of ["run", "scanner"]) if (params.get(key)) query.set(key, params.get(key));
    const run = params.get("run");
    const hitsQuery = new URLSearchParams({ symbol, hits: "1" });
    if (params.get("scanner")) hitsQuery.set("scanner", params.get("scanner"));
    const [data, hits] = await Promise.all([
      api(`/chart?${query}`),
      run ? api(`/runs/${run}/rows?${hitsQuery}`) : Promise.resolve(undefined),
    ]);
    const chartBox = el("div", { class: "chart", id: "chart" });
    const base = Object.fromEntries(params.entries());
    view.replaceChildren(
      el("h1", {}, `${data.symbol} on ${data.interval}, ${data.date}`),
      el(
        "p",
        { class: "interval-picker" },
        ["1m", "5m", "1d"].map((i) =>
          link(i, hashOf(`/symbol/${symbol}`, { ...base, interval: i }), {
            class: i === interval ? "active" : undefined,
          }),
        ),
        run ? link("back to the run", hashOf(`/run/${run}`, { symbol })) : "",
      ),
      hits ? hitNavigation(symbol, base, hits.rows) : "",
      chartBox,
      el(
        "p",
        { class: "muted", id: "chart-caption" },
        `${data.bars.length} bars, ${data.markers.length} hits marked` +
          (data.lines.length ? `, indicators: ${data.lines.map((l) => l.name).join(", ")}` : "") +
          (data.otherIntervals.length ? ` (on other intervals: ${data.otherIntervals.join(", ")})` : ""),
      ),
    );
    window.ScanwrightChart.render(chartBox, data);
  }

  const KIND_ORDER = ["setup", "pre_session", "regular", "cron", "teardown"];

  /** The journal's row order: slot time, scanner, kind (setup first). */
  function compareRows(a, b) {
    const byTime = Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt);
    if (byTime !== 0) return byTime;
    if (a.scanner !== b.scanner) return a.scanner < b.scanner ? -1 : 1;
    return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  }

  /** `Hit 3 of 12 (scanner at time): previous · next`, over the run's hits of the symbol. */
  function hitNavigation(symbol, base, rows) {
    const index = rows.findIndex(
      (row) => row.scheduledAt === base.at && (!base.scanner || row.scanner === base.scanner),
    );
    const go = (row, text) =>
      row
        ? link(text, hashOf(`/symbol/${symbol}`, { ...base, at: row.scheduledAt, scanner: base.scanner }))
        : text;
    if (index < 0) return el("p", { id: "hit-nav" }, `${rows.length} hits of ${symbol} in the run`);
    const hit = rows[index];
    return el(
      "p",
      { id: "hit-nav" },
      `Hit ${index + 1} of ${rows.length} (${hit.scanner} at ${hit.sessionDate} ${clockOf(hit.scheduledAt)}): `,
      go(rows[index - 1], "← previous"),
      " · ",
      go(rows[index + 1], "next →"),
    );
  }

  function showLive() {
    const runLine = el("p", { id: "live-run" }, "Waiting for a run…");
    const body = el("tbody", {});
    const next = el("ul", { id: "live-next" });
    const scannerBody = el("tbody", {});
    view.replaceChildren(
      el("h1", {}, "Live"),
      runLine,
      el("h2", {}, "Scanners today"),
      el(
        "table",
        { id: "live-scanners" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            [
              "scanner",
              "scans",
              "hits",
              "errors",
              "last slot",
              "last status",
              ...ALERT_STATUSES.slice(0, 3).map((status) => `alerts ${status}`),
            ].map((t) => el("th", {}, t)),
          ),
        ),
        scannerBody,
      ),
      el("h2", {}, "Next slots"),
      next,
      el("h2", {}, "Slots of the day, newest first"),
      el(
        "table",
        { id: "live-rows" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            ["date", "time", "scanner", "kind", "status", "ms", "hits", "error", "alerts"].map((t) =>
              el("th", {}, t),
            ),
          ),
        ),
        body,
      ),
    );
    let runId;
    let day;
    /** The rows on the page, in the table's order. */
    const shown = [];
    /** Per scanner, today: scans run, hits, failed hooks, the latest row. */
    const scanners = new Map();
    /** The day's alerts by id, as last received. */
    const alerts = new Map();
    const alertCount = (scanner, status) =>
      [...alerts.values()].filter((a) => a.scanner === scanner && a.status === status).length;
    /** `webhook sent, desk failed`: the alerts of one slot, in outbox order. */
    const slotAlertText = (scanner, kind, at) =>
      [...alerts.values()]
        .filter((a) => a.scanner === scanner && a.kind === kind && a.scheduledAt === at)
        .map((a) => `${a.channel} ${a.status}`)
        .join(", ");
    const drawSlotAlerts = (line) => {
      const cell = line.querySelector("td.alerts");
      if (cell) cell.textContent = slotAlertText(line.dataset.scanner, line.dataset.kind, line.dataset.slot);
    };
    const drawScanners = () => {
      scannerBody.replaceChildren(
        ...[...scanners].map(([name, s]) =>
          el(
            "tr",
            { "data-scanner": name },
            el("td", {}, name),
            el("td", { class: "num" }, s.scans),
            el("td", { class: "num" }, s.hits),
            el("td", { class: "num" }, s.errors),
            el("td", {}, clockOf(s.last.scheduledAt)),
            el(
              "td",
              { class: `status-${s.last.status}` },
              s.last.status === "disabled" ? "disabled for the day" : s.last.status,
            ),
            ALERT_STATUSES.slice(0, 3).map((status) =>
              el("td", { class: "num", "data-alerts": status }, alertCount(name, status)),
            ),
          ),
        ),
      );
    };
    const source = new EventSource("/api/live");
    source.addEventListener("run", (event) => {
      const run = JSON.parse(event.data);
      if (run.id !== runId) {
        body.replaceChildren();
        shown.length = 0;
        scanners.clear();
        alerts.clear();
        drawScanners();
      }
      runId = run.id;
      runLine.replaceChildren(
        link(`Run ${run.id}`, `#/run/${run.id}`),
        ` "${run.name}" (${run.mode}, ${run.status}): ${run.rows} rows`,
      );
      runLine.dataset.run = String(run.id);
      runLine.dataset.status = run.status;
    });
    source.addEventListener("row", (event) => {
      const row = JSON.parse(event.data);
      if (row.sessionDate !== day) {
        day = row.sessionDate;
        scanners.clear();
        alerts.clear();
      }
      const s = scanners.get(row.scanner) ?? { scans: 0, hits: 0, errors: 0, last: row };
      if (!["setup", "teardown"].includes(row.kind) && ["ok", "error", "timeout"].includes(row.status))
        s.scans++;
      if (row.status === "error" || row.status === "timeout") s.errors++;
      s.hits += row.symbols.length;
      if (row.kind !== "teardown") s.last = row;
      scanners.set(row.scanner, s);
      drawScanners();
      // In the journal's order, newest first, whatever order the polls brought the rows in.
      const at = shown.findIndex((other) => compareRows(row, other) > 0);
      const line = rowLine(row, row.run, { class: "live-row" });
      line.append(el("td", { class: "alerts" }));
      drawSlotAlerts(line);
      if (at < 0) {
        body.append(line);
        shown.push(row);
      } else {
        body.insertBefore(line, body.children[at]);
        shown.splice(at, 0, row);
      }
    });
    source.addEventListener("alert", (event) => {
      const alert = JSON.parse(event.data);
      if (alert.run !== runId || alert.sessionDate !== day) return;
      alerts.set(alert.id, alert);
      drawScanners();
      for (const line of body.children) {
        if (line.dataset.scanner === alert.scanner && line.dataset.slot === alert.scheduledAt)
          drawSlotAlerts(line);
      }
    });
    source.addEventListener("next", (event) => {
      const slots = JSON.parse(event.data);
      next.replaceChildren(
        ...slots.map((slot) => el("li", {}, `${clockOf(slot.at)} ${slot.scanner} (${slot.kind})`)),
      );
    });
    closeLive = () => source.close();
  }

  async function route() {
    closeLive();
    closeLive = () => {};
    window.ScanwrightChart.removeAll();
    const [path, queryText] = (location.hash.slice(1) || "/").split("?");
    const params = new URLSearchParams(queryText ?? "");
    const parts = path.split("/").filter(Boolean);
    try {
      if (parts.length === 0) await showRuns();
      else if (parts[0] === "run" && parts[1]) await showRun(parts[1], params);
      else if (parts[0] === "symbol" && parts[1]) await showSymbol(decodeURIComponent(parts[1]), params);
      else if (parts[0] === "live") showLive();
      else view.replaceChildren(el("p", {}, `Nothing at ${location.hash}`));
      view.dataset.ready = location.hash || "#/";
    } catch (error) {
      view.replaceChildren(el("p", { class: "status-error", id: "problem" }, String(error.message ?? error)));
      view.dataset.ready = location.hash || "#/";
    }
  }

  window.addEventListener("hashchange", () => {
    delete view.dataset.ready;
    route();
  });
  route();
})();
