// Canned answers: move the picker next to the reply form and insert the chosen answer into the
// reply box. Without JavaScript the same form opens the reply page already filled in.
(function () {
  "use strict";
  var form = document.querySelector("[data-canned-form]");
  var box = document.querySelector("textarea[data-reply-box]");
  if (!form || !box) { return; }
  var panel = form.closest("[data-canned-panel]");
  if (panel && box.form) { box.form.parentNode.insertBefore(panel, box.form); panel.classList.add("in-reply-form"); }
  form.addEventListener("submit", function (ev) {
    var option = form.querySelector("select").selectedOptions[0];
    if (!option) { return; }
    ev.preventDefault();
    var text = option.getAttribute("data-body") || "";
    box.value = (box.value ? box.value.replace(/\s+$/, "") + "\n\n" : "") + text;
    box.focus();
  });
})();
