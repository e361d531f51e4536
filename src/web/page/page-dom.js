// The DOM helpers the dashboard page (app.js) and the report page (report.js) share: elements built
// with DOM calls and text nodes (journal text is never parsed as HTML), tables, and the per-scanner
// summary table, the alert counts and the stored scores. Defines `window.ScanwrightDom`; loaded
// before either page script.
(() => {
  /** `el("td", {class: "num"}, "12")`: an element with attributes and children (text or nodes). */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== undefined && value !== null) node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function table(headers, rows, attributes = {}) {
    return el(
      "table",
      attributes,
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          headers.map((h) => el("th", { class: h.num ? "num" : undefined }, h.title)),
        ),
      ),
      el("tbody", {}, rows),
    );
  }

  /** The per-scanner summary (the CLI's summary table) of `summary` rows from the API or report data. */
  function summaryTable(summary) {
    return table(
      [
        { title: "scanner" },
        { title: "days", num: true },
        { title: "scans", num: true },
        { title: "errors", num: true },
        { title: "timeouts", num: true },
        { title: "skipped", num: true },
        { title: "hits", num: true },
        { title: "symbols", num: true },
        { title: "top symbols" },
      ],
      summary.map((s) =>
        el(
          "tr",
          { "data-scanner": s.scanner },
          el("td", {}, s.scanner),
          ...[s.days, s.scans, s.errors, s.timeouts, s.skipped, s.hits, s.distinctSymbols].map((n) =>
            el("td", { class: "num" }, n),
          ),
          el("td", {}, s.topSymbols.map((t) => `${t.symbol}×${t.count}`).join(" ")),
        ),
      ),
      { id: "summary" },
    );
  }

  const ALERT_STATUSES = ["sent", "pending", "failed", "recorded"];

  /** Per scanner, the run's alerts by status (`/api/runs/ID`'s `alerts`); a sentence when there are none. */
  function alertsTable(counts) {
    if (counts.length === 0) return el("p", { id: "alerts", class: "muted" }, "No alerts in this run.");
    return table(
      [{ title: "alerts of" }, ...ALERT_STATUSES.map((status) => ({ title: status, num: true }))],
      counts.map((c) =>
        el(
          "tr",
          { "data-scanner": c.scanner },
          el("td", {}, c.scanner),
          ALERT_STATUSES.map((status) => el("td", { class: "num" }, c[status])),
        ),
      ),
      { id: "alerts" },
    );
  }

  /** `+0.123` / `-0.045` (percent, 3 decimals), `-` for null: as `scanwright evaluate` prints. */
  function signed(value) {
    if (value === null) return "-";
    const text = Math.abs(value).toFixed(3);
    if (Number(text) === 0) return "0.000";
    return `${value < 0 ? "-" : "+"}${text}`;
  }

  function share(value) {
    return value === null ? "-" : `${(value * 100).toFixed(1)}%`;
  }

  /**
   * The stored scores (`/api/runs/ID/scores`): per scanner and horizon over all hits, the edge
   * against the universe at the same slots; a sentence saying how to get them when there are none.
   */
  function scoresSection(scores) {
    if (!scores.evaluated) {
      return el(
        "p",
        { id: "scores", class: "muted" },
        "Not evaluated: no forward-return scores are stored for this run (scanwright evaluate CONFIG --run ID stores them).",
      );
    }
    const level = scores.confidence.level * 100;
    return el(
      "div",
      { id: "scores" },
      el(
        "p",
        { class: "muted", id: "scores-definition" },
        `Entry ${scores.entryRule} (${scores.entryDescription}); returns in %; baseline: the scanner's universe at the same slots; ` +
          `edge = mean of (hit return − baseline), ${level} % CI by bootstrap.`,
      ),
      table(
        [
          { title: "scanner" },
          { title: "horizon" },
          { title: "hits", num: true },
          { title: "null", num: true },
          { title: "mean", num: true },
          { title: "hit rate", num: true },
          { title: "baseline", num: true },
          { title: "edge", num: true },
          { title: `${level} % CI`, num: true },
        ],
        scores.rows
          .filter((row) => row.group === "all")
          .map((row) =>
            el(
              "tr",
              { "data-scanner": row.scanner, "data-horizon": row.horizon },
              el("td", {}, row.scanner),
              el("td", {}, row.horizon),
              el("td", { class: "num" }, row.hits),
              el("td", { class: "num" }, row.nulls),
              el("td", { class: "num" }, signed(row.meanReturn)),
              el("td", { class: "num" }, share(row.hitRate)),
              el("td", { class: "num" }, signed(row.baselineMean)),
              el("td", { class: "num" }, signed(row.edge)),
              el(
                "td",
                { class: "num" },
                row.edgeLow === null || row.edgeHigh === null
                  ? "-"
                  : `[${signed(row.edgeLow)}, ${signed(row.edgeHigh)}]`,
              ),
            ),
          ),
      ),
    );
  }

  window.ScanwrightDom = { el, table, summaryTable, alertsTable, scoresSection, ALERT_STATUSES };
})();
