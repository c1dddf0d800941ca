// The top bar's menu button on narrow screens (static/ipwatch.css hides the menu below 760 px
// while the page has the "js" class). Kept out of the templates: the Content-Security-Policy
// allows scripts from /static only. Loaded without defer so that the class is set before the
// first paint and a phone never sees the open menu flash.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-menu-toggle]");
  var bar = button && button.closest(".topbar");
  if (!bar) {
    return;
  }
  function show(open) {
    bar.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar.classList.contains("menu-open")) {
      show(false);
      button.focus();
    }
  });
});
