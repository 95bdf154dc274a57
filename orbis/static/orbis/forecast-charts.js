// The forecast page's charts (Chart.js from static/vendor): forecast against actual by week,
// and the commit waterfall. The numbers come from the json_script block the view wrote; the
// same numbers are in the tables beside the charts, so the page reads without script too.
(function () {
  "use strict";
  var source = document.getElementById("forecast-charts");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var money = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    style: "currency", currency: data.currency, maximumFractionDigits: 0
  });
  var axis = { ticks: { callback: function (value) { return money.format(value); } } };
  var colours = { commit: "#0d6efd", actual: "#198754", total: "#6c757d", step: "#fd7e14" };

  var lines = document.getElementById("chart-forecast-actual");
  if (lines && data.forecast_vs_actual.labels.length) {
    new Chart(lines, {
      type: "line",
      data: {
        labels: data.forecast_vs_actual.labels,
        datasets: data.forecast_vs_actual.series.map(function (s) {
          return {
            label: s.label,
            data: s.values.map(function (v) { return v === null ? null : Number(v); }),
            borderColor: colours[s.kind], borderDash: s.kind === "actual" ? [6, 4] : [],
            spanGaps: true, pointRadius: 2
          };
        })
      },
      options: { scales: { x: { reverse: rtl }, y: axis }, plugins: { legend: { rtl: rtl } } }
    });
  }

  var bars = document.getElementById("chart-waterfall");
  if (bars && data.waterfall) {
    var level = 0;
    var ranges = data.waterfall.bars.map(function (bar) {
      var amount = Number(bar.amount);
      if (bar.kind === "total") { level = amount; return [0, amount]; }
      var from = level; level += amount; return [from, level];
    });
    new Chart(bars, {
      type: "bar",
      data: {
        labels: data.waterfall.bars.map(function (bar) { return bar.label; }),
        datasets: [{
          data: ranges,
          backgroundColor: data.waterfall.bars.map(function (bar) { return colours[bar.kind]; })
        }]
      },
      options: {
        scales: { x: { reverse: rtl }, y: axis },
        plugins: { legend: { display: false } }
      }
    });
  }
})();
