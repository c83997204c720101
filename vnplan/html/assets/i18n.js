// Language switch: every label carries data-vi and data-en; the buttons swap them in place.
function vnplanSetLang(lang) {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-vi]").forEach(function (el) {
    var text = el.getAttribute("data-" + lang);
    if (text === null) return;
    if (el.tagName === "INPUT") el.placeholder = text; else el.textContent = text;
  });
  document.querySelectorAll(".langs button").forEach(function (b) {
    b.classList.toggle("on", b.getAttribute("data-lang") === lang);
  });
  try { localStorage.setItem("vnplan-lang", lang); } catch (e) { /* file:// may forbid it */ }
}
document.querySelectorAll(".langs button").forEach(function (b) {
  b.addEventListener("click", function () { vnplanSetLang(b.getAttribute("data-lang")); });
});
