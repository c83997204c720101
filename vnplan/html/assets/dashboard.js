// Dashboard table: click a header to sort, type to filter, tick to keep plans with outdated citations.
(function () {
  var table = document.getElementById("plans");
  var tbody = table.tBodies[0];
  var filter = document.getElementById("filter");
  var onlyOutdated = document.getElementById("only-outdated");
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var numeric = th.dataset.type === "num";
      var dir = th.classList.contains("asc") ? -1 : 1;
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.classList.remove("asc", "desc"); });
      th.classList.add(dir === 1 ? "asc" : "desc");
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
        if (numeric) return dir * (parseFloat(x) - parseFloat(y));
        return dir * x.localeCompare(y, "vi");
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var show = words.every(function (w) { return text.indexOf(w) >= 0; });
      if (onlyOutdated.checked && !row.classList.contains("outdated")) show = false;
      row.classList.toggle("hidden", !show);
    });
  }
  filter.addEventListener("input", apply);
  onlyOutdated.addEventListener("change", apply);
  apply();
  document.body.dataset.ready = "1";
})();
