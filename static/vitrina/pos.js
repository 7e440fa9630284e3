// Counter screens: keep the scan field focused, clear it after each scan,
// show the change as cash is typed, apply discounts on Enter, and print the receipt.
(function () {
  "use strict";

  function scanInput() {
    return document.querySelector("[data-scan-input]");
  }

  // A keyboard-wedge scanner types into whatever has focus, so the scan field
  // takes focus back whenever no other field is being edited.
  function refocusScan() {
    var input = scanInput();
    var active = document.activeElement;
    var editing = active && active !== input && active.matches("input, select, textarea");
    if (input && !editing) input.focus();
  }

  function parseAmount(text) {
    var normalized = (text || "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (normalized === "" || !/^\d+(\.\d{0,2})?$/.test(normalized)) return null;
    return Math.round(parseFloat(normalized) * 100);
  }

  function formatKopecks(kopecks) {
    var language = document.documentElement.lang || "ru";
    return new Intl.NumberFormat(language, { style: "currency", currency: "RUB" }).format(kopecks / 100);
  }

  // Shows the change only. The server checks the amount again when the sale is placed.
  function updatePayment() {
    var panel = document.getElementById("pos-payment");
    var cart = document.getElementById("pos-cart");
    if (!panel || !cart) return;
    // The amount due is the cart's total less what the quote took off for
    // the coupon, bonuses and manual discount. Right after a scan the cart
    // is already new while the quote is still being fetched, so the change
    // follows the cart at once.
    var quote = document.getElementById("pos-quote");
    var method = panel.querySelector("input[name=method]:checked");
    panel.classList.toggle("card-selected", !!method && method.value === "card");

    var output = panel.querySelector("[data-change]");
    var total = parseAmount(cart.dataset.total);
    if (quote && total !== null) {
      var base = parseAmount(quote.dataset.baseTotal);
      var due = parseAmount(quote.dataset.due);
      if (base !== null && due !== null) total = Math.max(0, total - (base - due));
    }
    var tendered = parseAmount(panel.querySelector("[data-tendered]").value);
    if (total === null || tendered === null) {
      output.textContent = "—";
    } else if (tendered < total) {
      output.textContent = "−" + formatKopecks(total - tendered);
      output.classList.add("error");
    } else {
      output.textContent = formatKopecks(tendered - total);
      output.classList.remove("error");
    }
  }

  // A scanner can send the next code before the previous response arrives.
  // So each code is taken from the field at Enter and the field is cleared at
  // once. The requests go one after another: no scan is dropped or mixed with
  // the next one, and the last response shows the final cart.
  var scanQueue = Promise.resolve();

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-scan-form]");
    if (!form || !window.htmx) return;
    event.preventDefault();

    var input = form.querySelector("[data-scan-input]");
    var code = input.value;
    input.value = "";
    input.focus();
    scanQueue = scanQueue
      .then(function () {
        return htmx.ajax("POST", form.action, {
          source: form, target: "#pos-cart", swap: "outerHTML", values: { code: code },
        });
      })
      .catch(function (error) {
        console.error("Scan request failed", error);
      });
  });
  function showConnectionError(visible) {
    var notice = document.querySelector("[data-connection-error]");
    if (notice) notice.hidden = !visible;
  }

  // Enter in a discount field applies it; it must not pay for the sale.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.closest(".pos-adjustments")) return;
    var apply = document.querySelector("[data-apply]");
    if (!apply) return;
    event.preventDefault();
    apply.click();
  });

  document.addEventListener("htmx:sendError", function () { showConnectionError(true); });
  document.addEventListener("htmx:responseError", function () { showConnectionError(true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) showConnectionError(false);
  });
  document.addEventListener("htmx:afterSettle", function () {
    updatePayment();
    refocusScan();
  });
  document.addEventListener("input", function (event) {
    if (event.target.closest("#pos-payment")) updatePayment();
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest("#pos-payment")) updatePayment();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    if (!event.target.closest("input, select, textarea, label, button, a")) refocusScan();
  });
  document.addEventListener("DOMContentLoaded", function () {
    updatePayment();
    refocusScan();
    // Until now a scan's Enter posts the whole page; browser tests wait for this mark before typing.
    document.documentElement.dataset.posReady = "true";
  });
})();
