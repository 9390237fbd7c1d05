// Review queue keyboard shortcuts: j/k move, a approve, r reject, h hide.
// Every action is also a plain form post; this script only adds keys and in-place removal.
(function () {
  "use strict";
  var list = document.querySelector("[data-queue]");
  if (!list) return;

  // Items being decided are hidden at once (optimistic), so fast key presses act on the next one.
  function items() { return Array.prototype.slice.call(list.querySelectorAll("[data-queue-item]:not([hidden])")); }
  function current() {
    var el = document.activeElement;
    while (el && el !== document.body) {
      if (el.hasAttribute && el.hasAttribute("data-queue-item")) return el;
      el = el.parentNode;
    }
    return null;
  }
  function focusAt(i) {
    var all = items();
    if (!all.length) return;
    var el = all[Math.max(0, Math.min(i, all.length - 1))];
    el.focus();
    el.scrollIntoView({ block: "nearest" });
  }
  function move(delta) {
    var all = items(), cur = current();
    focusAt(cur ? all.indexOf(cur) + delta : 0);
  }
  var pending = Promise.resolve();

  function announce(text) {
    var live = document.getElementById("queue-live");
    if (live) live.textContent = text;
  }
  function act(item, key) {
    var button = item.querySelector('button[data-key="' + key + '"]');
    if (!button) return;
    var form = button.form;
    var data = new FormData(form);
    data.set("action", button.value);
    var index = items().indexOf(item);
    item.setAttribute("aria-busy", "true");
    item.hidden = true;
    if (items().length) { focusAt(index); }
    // Decisions are sent one after another, in the order the keys were pressed.
    pending = pending.then(function () {
      return fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin",
                                  headers: { "X-Requested-With": "fetch" } });
    })
      .then(function (resp) { return resp.json().then(function (body) { return { ok: resp.ok, body: body }; }); })
      .then(function (res) {
        item.removeAttribute("aria-busy");
        if (!res.ok) { item.hidden = false; announce(res.body.message || "Error"); return; }
        item.parentNode.removeChild(item);
        var count = document.querySelector("[data-queue-count]");
        if (count) count.textContent = String(Math.max(0, parseInt(count.textContent, 10) - 1));
        announce(res.body.message || (button.value + ": " + res.body.status));
        if (!list.querySelector("[data-queue-item]")) { window.location.reload(); }
      })
      .catch(function () { item.removeAttribute("aria-busy"); item.hidden = false; form.requestSubmit(button); });
  }

  var live = document.createElement("p");
  live.id = "queue-live";
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  list.parentNode.insertBefore(live, list);

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "a" || ev.key === "r" || ev.key === "h") {
      var item = current() || items()[0];
      if (item) { act(item, ev.key); ev.preventDefault(); }
    }
  });
})();
