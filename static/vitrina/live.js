// Live stock on every screen. An element marked data-live-variants="3,5"
// shows stock of those variants and carries its own hx-get with
// hx-trigger="stock-changed". This script listens to /live/stock/
// (server-sent events) for every variant shown on the page and triggers
// that event on the elements whose variants changed, so htmx re-fetches them.
(function () {
  "use strict";
  var source = null;
  var subscribed = "";

  function variantsOf(element) {
    return element.getAttribute("data-live-variants").split(",").filter(Boolean);
  }

  function shownVariants() {
    var ids = {};
    document.querySelectorAll("[data-live-variants]").forEach(function (element) {
      variantsOf(element).forEach(function (id) { ids[id] = true; });
    });
    return Object.keys(ids).sort().join(",");
  }

  function refresh(changedIds) {
    var changed = {};
    changedIds.split(",").forEach(function (id) { changed[id] = true; });
    document.querySelectorAll("[data-live-variants]").forEach(function (element) {
      if (variantsOf(element).some(function (id) { return changed[id]; })) {
        htmx.trigger(element, "stock-changed");
      }
    });
  }

  function connect() {
    var wanted = shownVariants();
    if (wanted === subscribed && source) { return; }
    if (source) { source.close(); source = null; }
    subscribed = wanted;
    document.body.removeAttribute("data-live");
    if (!wanted) { return; }
    source = new EventSource("/live/stock/?variants=" + wanted);
    source.addEventListener("open", function () { document.body.setAttribute("data-live", "connected"); });
    source.addEventListener("stock", function (event) { refresh(event.data); });
  }

  document.addEventListener("DOMContentLoaded", connect);
  document.addEventListener("htmx:afterSettle", connect);
})();
