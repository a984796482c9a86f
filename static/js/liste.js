// Lists on a phone: each row becomes a card, each cell labelled with its column's header
// (the CSS in programma.css stacks them below 576 px; this only copies the labels).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.tabella-impilabile").forEach(function (tabella) {
    var intestazioni = Array.from(tabella.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.replace(/[▲▼]/g, "").trim();
    });
    tabella.querySelectorAll("tbody tr").forEach(function (riga) {
      Array.from(riga.children).forEach(function (cella, i) {
        if (intestazioni[i]) {
          cella.setAttribute("data-etichetta", intestazioni[i]);
        }
      });
    });
  });
});
