// Long imports and exports (kept out of the templates: the Content-Security-Policy allows
// scripts from /static only).
// 1. A form marked data-busy="Working…" disables its buttons once it is sent, so a second click
//    does not send it again, and the button says what is happening.
// 2. A progress page (an element with data-status-url) asks for its job's status every second,
//    moves the bar and the text, and reloads into the job's result once it has finished.
//    Without JavaScript the page refreshes itself (a meta refresh) and shows the same.
// 3. A finished export's link marked data-autostart is followed once: the download starts.
(function () {
  "use strict";

  var BUTTONS = "button[type=submit], button:not([type]), input[type=submit]";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) return;
    if (event.defaultPrevented) return; // another script (confirm.js) stopped it
    var busy = form.getAttribute("data-busy");
    // after the form's data are taken: a button disabled now would leave its value out
    window.setTimeout(function () {
      form.querySelectorAll(BUTTONS).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        if (button.tagName === "BUTTON" && busy) {
          button.dataset.label = button.textContent;
          button.textContent = busy;
        }
      });
    }, 0);
  });

  // Back to a page the browser kept in memory: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-busy] [aria-busy=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (button.dataset.label) button.textContent = button.dataset.label;
    });
  });

  function follow(box) {
    var url = box.getAttribute("data-status-url");
    var bar = box.querySelector("progress");
    var step = box.querySelector("[data-testid=job-step]");
    var percent = box.querySelector("[data-testid=job-percent]");

    function show(job) {
      step.textContent = job.text;
      box.setAttribute("data-job-status", job.status);
      if (job.total) {
        bar.max = job.total;
        bar.value = job.done;
        percent.textContent = job.percent + " %";
      } else {
        bar.removeAttribute("value"); // not counted yet: the bar just says "busy"
        percent.textContent = "";
      }
    }

    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (job) {
          if (job.finished) {
            window.location.reload(); // the server shows the result
            return;
          }
          show(job);
          window.setTimeout(tick, 1000);
        })
        .catch(function () {
          window.setTimeout(tick, 3000); // the server restarts, the network hiccups: ask again
        });
    }

    tick();
  }

  var box = document.querySelector("[data-status-url]");
  if (box) follow(box);

  var start = document.querySelector("a[data-autostart]");
  if (start) {
    // once: reloading or coming back to this page later does not download the file again
    window.history.replaceState(null, "", window.location.pathname);
    window.location.assign(start.href);
  }
})();
