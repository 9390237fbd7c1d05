// Product pages: re-sort/filter reviews on change, and turn the compare checkboxes into ?products=a,b.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select, input[type=checkbox]").forEach(function (el) {
      el.addEventListener("change", function () { form.submit(); });
    });
  });
  document.querySelectorAll("form[data-compare-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var picked = Array.prototype.map.call(form.querySelectorAll("input[name=pick]:checked"), function (el) { return el.value; });
      form.querySelector("input[name=products]").value = picked.join(",");
      form.querySelectorAll("input[name=pick]").forEach(function (el) { el.disabled = true; });
    });
  });
})();
