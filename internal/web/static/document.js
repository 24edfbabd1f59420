// The print button of the case documents' page (no inline handler: CSP).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) {
    window.print();
  }
});
