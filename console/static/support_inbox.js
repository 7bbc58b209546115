// Keep the inbox queue fresh without interrupting someone typing a search.
setInterval(function () {
  var box = document.getElementById("q");
  if (box && !document.hidden && document.activeElement !== box && !box.value) { location.reload(); }
}, 30000);
