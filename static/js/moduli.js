// Staff forms: after a rejected submit, move the focus to the error summary, whose items link to the fields.
document.addEventListener("DOMContentLoaded", function () {
  var riepilogo = document.querySelector("[data-riepilogo-errori]");
  if (riepilogo) {
    riepilogo.focus();
  }
});
