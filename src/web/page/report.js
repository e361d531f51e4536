// The page of `scanwright report`: renders the figures of the inlined JSON block
// (src/web/report-data.ts) with DOM calls and the chart view. No network: everything is in the file.
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const view = document.getElementById("view");

  const { el, table, summaryTable, alertsTable, scoresSection } = window.ScanwrightDom;

  /** A horizontal bar `value / max` of the width, with the number beside it. */
  function barCell(value, max) {
    const width = max > 0 ? Math.round((value / max) * 240) : 0;
    return el("td", {}, el("span", { class: "bar", style: `width:${width}px` }), ` ${value}`);
  }

  const { run, config, summary, alerts, scores, hitsPerDay, topSymbols, hitTimes, sampling, charts } = data;
  const configPart = config.text
    ? [
        el(
          "p",
          { id: "config-hash" },
          `${config.file}, hash ${config.hash}`,
          config.matches
            ? " (the run's config)"
            : " (CHANGED since the run: the run was made with another version)",
        ),
        el("pre", { id: "config-text" }, config.text),
      ]
    : [
        el(
          "p",
          { id: "config-hash" },
          `Config hash ${config.hash} (the config file was not given: --config CONFIG)`,
        ),
      ];

  const maxDay = Math.max(0, ...hitsPerDay.scanners.flatMap((s) => s.hits));
  const maxBucket = Math.max(0, ...hitTimes.buckets.map((b) => b.hits));
  const maxSymbol = Math.max(0, ...topSymbols.map((s) => s.count));
  const chartBoxes = charts.map(() => el("div", { class: "chart small" }));

  view.replaceChildren(
    el("h1", {}, `Run ${run.id} "${run.name}" (${run.mode}, ${run.status})`),
    el(
      "p",
      { class: "muted" },
      `${run.startedAt} → ${run.finishedAt ?? "running"}, ${run.rows} rows` +
        (run.params?.start ? `, backtest ${run.params.start} → ${run.params.end}` : ""),
    ),
    el("h2", {}, "Config"),
    ...configPart,
    el("h2", {}, "Per scanner"),
    summaryTable(summary),
    el("h2", {}, "Alerts"),
    alertsTable(alerts),
    el("h2", {}, "Forward returns"),
    scoresSection(scores),
    el("h2", {}, "Hits per day"),
    table(
      [{ title: "date" }, ...hitsPerDay.scanners.map((s) => ({ title: s.scanner }))],
      hitsPerDay.dates.map((date, index) =>
        el(
          "tr",
          {},
          el("td", {}, date),
          hitsPerDay.scanners.map((s) => barCell(s.hits[index], maxDay)),
        ),
      ),
      { id: "hits-per-day" },
    ),
    el("h2", {}, "Top symbols"),
    table(
      [{ title: "symbol" }, { title: "hits" }],
      topSymbols.map((s) => el("tr", {}, el("td", {}, s.symbol), barCell(s.count, maxSymbol))),
      { id: "top-symbols" },
    ),
    el("h2", {}, `Hit times (exchange time, ${hitTimes.bucketMinutes}-minute buckets)`),
    table(
      [{ title: "from" }, { title: "hits" }],
      hitTimes.buckets.map((b) => el("tr", {}, el("td", {}, b.time), barCell(b.hits, maxBucket))),
      { id: "hit-times" },
    ),
    el("h2", {}, "Charts of hits"),
    el("p", { id: "sampling" }, sampling.rule),
    ...charts.map((entry, index) =>
      el(
        "section",
        { class: "report-chart" },
        el(
          "h3",
          {},
          `${entry.symbol} — ${entry.hit.scanner} at ${entry.hit.scheduledAt} (${entry.chart.interval}, ` +
            `${entry.chart.markers.length} hits marked)`,
        ),
        chartBoxes[index],
      ),
    ),
  );
  // Charts are drawn as they come near the window, so a report with many opens at once.
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        const index = chartBoxes.indexOf(entry.target);
        window.ScanwrightChart.render(chartBoxes[index], charts[index].chart);
      }
    },
    { rootMargin: "600px 0px" },
  );
  for (const box of chartBoxes) observer.observe(box);
  view.dataset.ready = "report";
})();
