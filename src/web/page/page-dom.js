// The DOM helpers the dashboard page (app.js) and the report page (report.js) share: elements built
// with DOM calls and text nodes (journal text is never parsed as HTML), tables, and the per-scanner
// summary table. Defines `window.ScanwrightDom`; loaded before either page script.
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

  window.ScanwrightDom = { el, table, summaryTable };
})();
