// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); }
  });
  // Wide tables in posts scroll sideways on phones: make them reachable by keyboard too.
  document.querySelectorAll(".post-body table, .table").forEach(function (table) {
    if (table.scrollWidth > table.clientWidth && !table.hasAttribute("tabindex")) {
      table.setAttribute("tabindex", "0");
    }
  });
  document.querySelectorAll("[data-insert-target]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var box = document.querySelector(btn.getAttribute("data-insert-target"));
      var text = btn.getAttribute("data-insert-text") || "";
      if (box) { box.value = (box.value ? box.value + "\n\n" : "") + text; box.focus(); }
    });
  });
})();
