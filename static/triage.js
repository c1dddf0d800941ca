// Keyboard triage on the triage queue and the alert page: j/k move the focus row, x selects it,
// d dismisses (1–4 then choose the reason and send), e escalates, a assigns, s snoozes, Esc
// closes. Every action is a plain form in a <details>: without this script they still work.
// Kept out of the templates: the Content-Security-Policy allows scripts from /static only.
(function () {
  "use strict";
  var KEY = "ipwatch-triage-focus";
  var ACTS = { d: "dismiss", e: "escalate", a: "assign", s: "snooze" };
  var rows = Array.prototype.slice.call(
    document.querySelectorAll("table[data-testid=triage-queue] tbody tr[data-alert], section.alert-triage[data-alert]")
  );
  var bulk = document.getElementById("bulk");
  if (!rows.length) {
    return;
  }
  var current = 0;

  function focusRow(index, quiet) {
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) {
      row.classList.toggle("focused", i === current);
      if (i === current) {
        row.setAttribute("aria-current", "true");
      } else {
        row.removeAttribute("aria-current");
      }
    });
    if (!quiet) {
      rows[current].scrollIntoView({ block: "nearest" });
    }
  }

  function selected() {
    return rows.filter(function (row) {
      var box = row.querySelector("input[data-role=select]");
      return box && box.checked;
    });
  }

  function updateCount() {
    var out = bulk && bulk.querySelector("output[data-role=count]");
    if (out) {
      out.textContent = String(selected().length);
    }
  }

  function closeAll(except) {
    document.querySelectorAll("details[data-act][open]").forEach(function (d) {
      if (d !== except) {
        d.open = false;
      }
    });
  }

  function firstField(details) {
    var act = details.getAttribute("data-act");
    var pick = {
      dismiss: "input[name=reason]",
      escalate: "select[name=route]",
      assign: "select[name=assignee]",
      snooze: "input[name=until]"
    }[act];
    return details.querySelector(pick);
  }

  function bulkTitle(chosen) {
    var first = chosen[0].getAttribute("data-title") || "";
    return chosen.length > 1 ? first + " (+" + (chosen.length - 1) + ")" : first;
  }

  function openAct(act) {
    var chosen = selected();
    var scope = chosen.length && bulk ? bulk : rows[current];
    var details = scope.querySelector("details[data-act=" + act + "]");
    if (!details) {
      return;
    }
    closeAll(details);
    details.open = true;
    if (scope === bulk && act === "escalate") {
      var title = bulk.querySelector("input[name=title]");
      if (title && !title.value) {
        title.value = bulkTitle(chosen);
      }
    }
    var field = firstField(details);
    if (field) {
      field.focus();
    }
  }

  function submitDetails(details) {
    var form = details.closest("form") || details.querySelector("form");
    var button = details.querySelector("button[type=submit]");
    if (!form || !button) {
      return;
    }
    sessionStorage.setItem(KEY, String(current));
    if (form.requestSubmit) {
      form.requestSubmit(button);
    } else {
      button.click();
    }
  }

  function chooseReason(details, digit) {
    var radio = details.querySelector("input[name=reason][data-key='" + digit + "']");
    if (radio) {
      radio.checked = true;
      submitDetails(details);
    }
  }

  function typing(target) {
    if (!(target instanceof HTMLElement)) {
      return false;
    }
    var tag = target.tagName;
    var kind = (target.getAttribute("type") || "").toLowerCase();
    if (tag === "INPUT" && (kind === "radio" || kind === "checkbox")) {
      return false;
    }
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    var open = target instanceof Element ? target.closest("details[data-act]") : null;
    if (event.key === "Escape") {
      closeAll(null);
      if (document.activeElement instanceof HTMLElement) {
        document.activeElement.blur();  // keys go to the queue again, not a hidden field
      }
      return;
    }
    var field = target instanceof Element ? target.tagName : "";
    if (open && event.key === "Enter" && field !== "BUTTON" &&
        (open.closest("#bulk") || field === "SELECT")) {
      // the bulk bar holds several actions: Enter sends the one whose fields it was typed in;
      // in a list (route, case, person) Enter sends the form as it does in a text field
      event.preventDefault();
      submitDetails(open);
      return;
    }
    if (typing(target)) {
      return;
    }
    if (open && open.getAttribute("data-act") === "dismiss" && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      chooseReason(open, event.key);
      return;
    }
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      closeAll(null);
      focusRow(current + (event.key === "j" ? 1 : -1));
    } else if (event.key === "x") {
      var box = rows[current].querySelector("input[data-role=select]");
      if (box) {
        event.preventDefault();
        box.checked = !box.checked;
        updateCount();
      }
    } else if (ACTS[event.key]) {
      event.preventDefault();
      openAct(ACTS[event.key]);
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement)) {
      return;
    }
    if (target.getAttribute("data-role") === "all") {
      rows.forEach(function (row) {
        var box = row.querySelector("input[data-role=select]");
        if (box) {
          box.checked = target.checked;
        }
      });
    }
    updateCount();
  });

  rows.forEach(function (row, i) {
    row.addEventListener("click", function () {
      if (current !== i) {
        focusRow(i);
      }
    });
  });

  document.addEventListener("submit", function () {
    sessionStorage.setItem(KEY, String(current));
  });

  var kept = parseInt(sessionStorage.getItem(KEY) || "0", 10);
  sessionStorage.removeItem(KEY);
  kept = isNaN(kept) ? 0 : kept;
  focusRow(kept, kept === 0);  // scroll only to a row the user had moved to
  updateCount();
})();
