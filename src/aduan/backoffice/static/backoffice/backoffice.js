/* Back office behaviour that works on top of plain forms (everything still posts without it). */
(function () {
  "use strict";
  // A suggestion or search result fills the institution (or proposal / merge target) field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) return;
    event.preventDefault();
    var scope = button.closest("form") || document;
    var input = button.dataset.target
      ? document.getElementById(button.dataset.target)
      : scope.querySelector('[name="' + button.dataset.fill + '"]');
    if (!input) return;
    input.value = button.dataset.code;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
  // Enter in a search box searches; it must not submit the action form around it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input[type=search][hx-get]")) event.preventDefault();
  });
  // Choosing a response template fills the response text.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-template-for]");
    if (!select) return;
    var option = select.selectedOptions[0];
    var target = document.getElementById(select.dataset.templateFor);
    if (target && option && option.dataset.body) target.value = option.dataset.body;
  });
})();
