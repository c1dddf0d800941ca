// Ask before sending a form marked data-confirm="question" (delete buttons, revocations).
// Kept out of the templates: the Content-Security-Policy allows scripts from /static only.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form instanceof HTMLFormElement ? form.getAttribute("data-confirm") : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
