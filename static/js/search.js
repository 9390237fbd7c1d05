// Similar solved questions while a member types a new thread title (debounced).
// Without JavaScript the "Search for similar questions" link does the same job.
(function () {
  "use strict";
  var input = document.querySelector("[data-similar='1']");
  var box = document.getElementById("similar-questions");
  if (!input || !box) { return; }
  var link = document.querySelector("[data-similar-link='1']");
  var timer = null;
  var lastAsked = "";
  var seq = 0;

  function render(items) {
    box.textContent = "";
    if (!items.length) { return; }
    var heading = document.createElement("p");
    heading.className = "similar-heading";
    heading.textContent = (link && link.getAttribute("data-heading")) || "";
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;  // textContent: titles are never parsed as HTML
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function ask() {
    var title = input.value.trim();
    if (link) {
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("q", title);
      link.href = url.pathname + url.search;
    }
    if (title === lastAsked) { return; }
    lastAsked = title;
    if (title.length < 2) { render([]); return; }
    var mine = ++seq;
    fetch("/api/v1/search/similar?title=" + encodeURIComponent(title), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (resp) { return resp.ok ? resp.json() : { items: [] }; })
      .then(function (data) { if (mine === seq) { render(data.items || []); } })
      .catch(function () { /* similar questions are a hint; the form works without them */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 350);
  });
})();
