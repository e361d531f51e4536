// A symbol chart (candles, the scanner's indicators, hit markers) drawn with TradingView's
// Lightweight Charts from the data of /api/chart (src/web/chart-data.ts). A classic script, so the
// report can inline it: it defines `window.ScanwrightChart`. Every chart drawn is kept in
// `window.scanwrightCharts` (its candle series, indicator series and marker plugin), which the
// browser tests read.
(() => {
  const LINE_COLORS = ["#2962ff", "#ff6d00", "#00897b", "#8e24aa", "#c62828", "#6d4c41", "#546e7a"];

  /** Draws `data` into `container`; returns the chart's handles. */
  function render(container, data) {
    const charts = window.LightweightCharts;
    const chart = charts.createChart(container, {
      autoSize: true,
      layout: { attributionLogo: true, background: { color: "#ffffff" }, textColor: "#1d232a" },
      timeScale: { timeVisible: data.interval !== "1d", secondsVisible: false },
      rightPriceScale: { borderVisible: false },
    });
    const candles = chart.addSeries(charts.CandlestickSeries, {
      upColor: "#26a69a",
      downColor: "#ef5350",
      borderVisible: false,
      wickUpColor: "#26a69a",
      wickDownColor: "#ef5350",
    });
    candles.setData(data.bars.map(([time, open, high, low, close]) => ({ time, open, high, low, close })));
    let ownPane = 0;
    const lines = data.lines.map((line, index) => {
      const pane = line.pane === "price" ? 0 : ++ownPane;
      const series = chart.addSeries(
        charts.LineSeries,
        {
          color: LINE_COLORS[index % LINE_COLORS.length],
          lineWidth: 1,
          title: line.name,
          priceLineVisible: false,
        },
        pane,
      );
      series.setData(line.points.map(([time, value]) => ({ time, value })));
      return { name: line.name, series };
    });
    // One arrow per hit; the scanner's name once per bar, so stacked arrows stay readable.
    const labelled = new Set();
    const markers = charts.createSeriesMarkers(
      candles,
      data.markers.map((marker) => {
        const label = `${marker.chartTime} ${marker.scanner}`;
        const text = labelled.has(label) ? "" : marker.scanner;
        labelled.add(label);
        return { time: marker.chartTime, position: "aboveBar", color: "#ff6d00", shape: "arrowDown", text };
      }),
    );
    chart.timeScale().fitContent();
    const handle = { symbol: data.symbol, interval: data.interval, chart, candles, lines, markers };
    window.scanwrightCharts.push(handle);
    return handle;
  }

  /** Removes every chart drawn (before the page shows another view). */
  function removeAll() {
    for (const handle of window.scanwrightCharts) handle.chart.remove();
    window.scanwrightCharts = [];
  }

  window.scanwrightCharts = [];
  window.ScanwrightChart = { render, removeAll };
})();
