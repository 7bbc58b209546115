/* Draws the admin dashboard's charts with the vendored Chart.js from the figures the page inlines as JSON
   (#dashboard-data). Animation is off: the figures are what matter, and a chart is complete on first paint. */
(function () {
  "use strict";
  var node = document.getElementById("dashboard-data");
  if (!node || !window.Chart) { return; }
  var data = JSON.parse(node.textContent);
  var colour = "#0b4f8a";

  function draw(id, labels, values, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !labels.length) { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: "Paid bookings", data: values, backgroundColor: colour }] },
      options: {
        indexAxis: horizontal ? "y" : "x", animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } }
      }
    });
  }

  draw("chart-per", data.per.labels, data.per.values, false);
  draw("chart-cities", data.cities.labels, data.cities.values, true);
  draw("chart-services", data.services.labels, data.services.values, true);
}());
