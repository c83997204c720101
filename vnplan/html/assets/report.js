// Plan report: click (or hover) a highlight to see what vnplan made of it.
// Details come from the JSON block #details; they are set with textContent, never as HTML.
(function () {
  var details = JSON.parse(document.getElementById("details").textContent);
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var pop = document.getElementById("pop");
  function label(key) {
    var pair = labels[key];
    return pair ? pair[document.documentElement.lang === "en" ? 1 : 0] : key;
  }
  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }
  function show(key, x, y, pinned) {
    var d = details[key];
    if (!d) return;
    pop.textContent = "";
    var close = add(pop, "button", "×", "x");
    close.title = label("close");
    close.addEventListener("click", hide);
    add(pop, "h3", label(d.kind) + ": " + d.title);
    var dl = add(pop, "dl");
    d.rows.forEach(function (row) {
      add(dl, "dt", label(row[0]));
      add(dl, "dd", row[1], row[2] || "");
    });
    if (d.links.length) {
      add(dl, "dt", label("sources_label"));
      var dd = add(dl, "dd");
      d.links.forEach(function (link) {
        if (!/^https?:\/\//.test(link[1])) return;  // only web links, never javascript:
        var a = add(dd, "a", link[0]);
        a.href = link[1]; a.target = "_blank"; a.rel = "noopener noreferrer";
        add(dd, "br");
      });
    }
    pop.style.display = "block";
    pop.dataset.pinned = pinned ? "1" : "";
    var w = pop.offsetWidth, h = pop.offsetHeight;
    pop.style.left = Math.max(4, Math.min(x + 12, window.innerWidth - w - 8)) + "px";
    pop.style.top = Math.max(4, Math.min(y + 16, window.innerHeight - h - 8)) + "px";
    document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    document.querySelectorAll('mark[data-k="' + key + '"]').forEach(function (m) { m.classList.add("active"); });
  }
  function hide() {
    pop.style.display = "none";
    pop.dataset.pinned = "";
    document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
  }
  function innermost(ev) {
    var m = ev.target.closest ? ev.target.closest("mark[data-k]") : null;
    return m;
  }
  var doc = document.querySelector("main.doc");
  doc.addEventListener("click", function (ev) {
    var m = innermost(ev);
    if (m) { ev.stopPropagation(); show(m.dataset.k, ev.clientX, ev.clientY, true); } else hide();
  });
  doc.addEventListener("mouseover", function (ev) {
    if (pop.dataset.pinned) return;
    var m = innermost(ev);
    if (m) show(m.dataset.k, ev.clientX, ev.clientY, false);
  });
  doc.addEventListener("mouseout", function (ev) {
    if (!pop.dataset.pinned && innermost(ev)) hide();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
  // The panel's counts per highlight kind, filled in so a reader (and the browser test) can see JS ran.
  document.querySelectorAll("[data-count]").forEach(function (el) {
    var keys = {};
    document.querySelectorAll("mark." + el.dataset.count + "[data-k]").forEach(function (m) { keys[m.dataset.k] = 1; });
    el.textContent = String(Object.keys(keys).length);
  });
  // A link ending in #show=r3 opens that highlight's details (to share a citation with a colleague).
  var wanted = /^#show=([a-z]\d+)$/.exec(location.hash);
  var target = wanted && document.querySelector('mark[data-k="' + wanted[1] + '"]');
  if (target) {
    target.scrollIntoView({block: "center"});
    var box = target.getBoundingClientRect();
    show(wanted[1], box.left, box.bottom, true);
  }
  document.body.dataset.ready = "1";
})();
