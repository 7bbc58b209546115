// The slot import page: poll the import's progress (a small JSON endpoint) and move the bar; when the
// job has finished, reload so the server renders the report. Settings come from data- attributes.
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "yes") { return; }
  var bar = document.getElementById("bar"), percent = document.getElementById("percent");
  var state = document.getElementById("state"), rows = document.getElementById("rows");
  function show(p) {
    bar.value = p.percent; bar.textContent = p.percent + "%"; percent.textContent = p.percent + "%";
    state.textContent = p.status.charAt(0).toUpperCase() + p.status.slice(1);
    rows.textContent = p.processed_rows + " of " + p.total_rows + " rows";
  }
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { setTimeout(poll, 3000); return; }
        show(p);
        if (p.finished) { setTimeout(function () { window.location.reload(); }, 400); } else { setTimeout(poll, 700); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
}());
