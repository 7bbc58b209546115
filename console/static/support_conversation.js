// The conversation page: poll for new messages and notice a takeover or hand-back by someone else.
// Settings come from data- attributes on #log (no inline script: the CSP allows only our own files).
(function () {
  var log = document.getElementById("log");
  if (!log) { return; }
  var lastId = parseInt(log.dataset.lastId, 10) || 0, url = log.dataset.url;
  var seen = {state: log.dataset.state, agent: log.dataset.agent ? parseInt(log.dataset.agent, 10) : null};
  function line(m) {
    var div = document.createElement("div"), body = document.createElement("div"), meta = document.createElement("div");
    div.className = "msg " + m.direction + (m.status === "failed" ? " failed" : "");
    body.className = "body"; body.textContent = m.body;
    meta.className = "meta";
    meta.textContent = [m.author + (m.agent ? " · " + m.agent : ""), m.at, m.status, m.error]
      .filter(Boolean).join(" · ");
    div.appendChild(body);
    (m.files || []).forEach(function (f) { div.appendChild(attachment(f, m.at)); });
    div.appendChild(meta);
    return div;
  }
  // As the server renders it (support/_message.html): an image shows, a PDF is a download link.
  function attachment(f, at) {
    var figure = document.createElement("figure"), link = document.createElement("a");
    figure.className = "document attachment";
    if (!f.url) {
      link = document.createElement("span"); link.className = "muted";
      link.textContent = "📎 " + f.kind + " not stored: " + f.problem;
    } else if (f.image) {
      var img = document.createElement("img");
      img.src = f.url; img.alt = f.kind + " image the patient sent " + at; link.href = f.url; link.appendChild(img);
    } else {
      link.href = f.url; link.textContent = "Download " + f.kind;
    }
    figure.appendChild(link);
    return figure;
  }
  function poll() {
    if (document.hidden) { return; }
    fetch(url + "?after=" + lastId, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        var empty = document.getElementById("empty");
        if (empty && data.messages.length) { empty.remove(); }
        data.messages.forEach(function (m) { log.appendChild(line(m)); lastId = Math.max(lastId, m.id); });
        if (atBottom) { log.scrollTop = log.scrollHeight; }
        if (data.state !== seen.state || data.agent_id !== seen.agent) {
          document.getElementById("changed").classList.remove("hidden");
        }
      })
      .catch(function () { /* the next poll retries */ });
  }
  log.scrollTop = log.scrollHeight;
  setInterval(poll, parseInt(log.dataset.pollMs, 10) || 4000);
})();
