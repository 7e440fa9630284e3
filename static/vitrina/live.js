// Live stock on every screen: listens to /live/stock/ (server-sent events)
// for the variants shown on the page and asks htmx to re-fetch each element
// marked data-live-variant="<id>" when that variant's stock changes. Such an
// element carries its own hx-get and hx-trigger="stock-changed".
(function () {
  "use strict";
  var source = null;
  var subscribed = "";

  function shownVariants() {
    var ids = {};
    document.querySelectorAll("[data-live-variant]").forEach(function (element) {
      ids[element.getAttribute("data-live-variant")] = true;
    });
    return Object.keys(ids).sort().join(",");
  }

  function refresh(changedIds) {
    var changed = {};
    changedIds.split(",").forEach(function (id) { changed[id] = true; });
    document.querySelectorAll("[data-live-variant]").forEach(function (element) {
      if (changed[element.getAttribute("data-live-variant")]) {
        htmx.trigger(element, "stock-changed");
      }
    });
  }

  function connect() {
    var wanted = shownVariants();
    if (wanted === subscribed && source) { return; }
    if (source) { source.close(); source = null; }
    subscribed = wanted;
    if (!wanted) { return; }
    source = new EventSource("/live/stock/?variants=" + wanted);
    source.addEventListener("stock", function (event) { refresh(event.data); });
    source.addEventListener("open", function () { document.body.setAttribute("data-live", "connected"); });
  }

  document.addEventListener("DOMContentLoaded", connect);
  document.addEventListener("htmx:afterSettle", connect);
})();
