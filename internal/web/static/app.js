// Small progressive enhancements; every page works without this file.
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-confirm]");
  if (t && !window.confirm(t.getAttribute("data-confirm"))) e.preventDefault();
  var b = e.target.closest(".nav-toggle");
  if (b) {
    var nav = document.getElementById("nav");
    var open = nav.classList.toggle("open");
    b.setAttribute("aria-expanded", open ? "true" : "false");
  }
});
// Lists as cards on phones: each cell of a table.cards is labelled with its column's header.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.cards").forEach(function (t) {
    // A sortable header's label is its link's first text (without the ▲/▼ of the order).
    var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) {
      var a = th.querySelector("a.sort-head");
      return (a && a.firstChild ? a.firstChild.textContent : th.textContent).trim();
    });
    t.querySelectorAll("tbody tr, tfoot tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) {
        if (!td.hasAttribute("data-label") && heads[i]) td.setAttribute("data-label", heads[i]);
      });
    });
  });
});
