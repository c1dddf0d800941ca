// The coverage matrix, the patent layout and the gap list, in place: a grouping of markets (EU-27…)
// expands to its states and collapses again, and a cell's detail (the rights behind it, why, what
// to file) opens in a dialog over the page without leaving it. Without this script every link
// still works: a group link reloads the page with ?expand=EU, a cell link opens the detail page.
// Kept out of the templates: the Content-Security-Policy allows scripts from /static only.
(function () {
  "use strict";

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  // the page's own query string with the group `code` added to or taken from `expand`, so that
  // the address bar keeps what is open (a bookmark or a reload shows the same)
  function rememberExpanded(code, open) {
    if (!window.history || !window.URL) {
      return;
    }
    var url = new URL(window.location.href);
    var codes = (url.searchParams.get("expand") || "").split(",").filter(function (c) {
      return c && c !== code;
    });
    if (open) {
      codes.push(code);
    }
    codes.sort();
    if (codes.length) {
      url.searchParams.set("expand", codes.join(","));
    } else {
      url.searchParams.delete("expand");
    }
    window.history.replaceState(window.history.state, "", url.toString());
  }

  // a column grouping of a matrix: the members' head, cells and totals
  function toggleColumns(table, code) {
    var members = table.querySelectorAll('[data-member-of="' + code + '"]');
    var open = members.length > 0 && members[0].hidden;
    each(members, function (node) {
      node.hidden = !open;
    });
    each(table.querySelectorAll('[data-toggle-group="' + code + '"]'), function (link) {
      link.setAttribute("aria-expanded", open ? "true" : "false");
    });
    var head = table.querySelector('th.group-head[data-group="' + code + '"]');
    if (head) {
      head.classList.toggle("expanded", open);
    }
    rememberExpanded(code, open);
  }

  // a row grouping of the gap list: the rows of one product and class in one grouping
  function toggleRows(link) {
    var id = link.getAttribute("data-toggle-rows");
    var rows = document.querySelectorAll('tr[data-member-of="' + id + '"]');
    var open = link.getAttribute("aria-expanded") !== "true";
    each(rows, function (row) {
      row.hidden = !open;
    });
    link.setAttribute("aria-expanded", open ? "true" : "false");
    link.closest("tr").classList.toggle("expanded", open);
  }

  var dialog = document.getElementById("cell-detail");
  var opener = null;

  function showDetail(link) {
    var body = dialog.querySelector("[data-role=body]");
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("partial", "1");
    body.textContent = dialog.getAttribute("data-loading") || "…";
    opener = link;
    if (!dialog.open) {
      dialog.showModal();
    }
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        // the server's own escaped fragment, from this origin
        body.innerHTML = html;
        var title = body.querySelector("h2");
        if (title) {
          title.setAttribute("tabindex", "-1");
          title.focus();
        }
      })
      .catch(function () {
        window.location.href = link.href; // the detail page, as without this script
      });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    var target = event.target.closest ? event.target : event.target.parentElement;
    var group = target.closest("a[data-toggle-group]");
    if (group) {
      event.preventDefault();
      toggleColumns(group.closest("table"), group.getAttribute("data-toggle-group"));
      return;
    }
    var rows = target.closest("a[data-toggle-rows]");
    if (rows) {
      event.preventDefault();
      toggleRows(rows);
      return;
    }
    var cell = target.closest("a[data-cell-detail]");
    if (cell && dialog && typeof dialog.showModal === "function") {
      event.preventDefault();
      showDetail(cell);
    }
  });

  if (dialog) {
    // a click on the backdrop (outside the dialog's box) closes it
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) {
        return;
      }
      var box = dialog.getBoundingClientRect();
      var inside =
        event.clientX >= box.left && event.clientX <= box.right &&
        event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) {
        dialog.close();
      }
    });
    dialog.addEventListener("close", function () {
      if (opener) {
        opener.focus();
        opener = null;
      }
    });
  }
})();
