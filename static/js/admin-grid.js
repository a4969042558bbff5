/* The grid editor, made quick with the keyboard. Everything also works without this file:
   the page is a plain form. Loaded from /static/ because the CSP forbids inline scripts. */
(function () {
  "use strict";
  var form = document.getElementById("raci-grid");
  if (!form) return;
  var ORDER_STEP = 10;
  var CANONICAL = "RACI";
  var dirty = false;
  var current = null; // the cell input the letter toggles act on
  var toolbar = form.querySelector(".raci-toolbar");
  var target = form.querySelector(".raci-toolbar-target");
  var tbody = form.querySelector("table.raci-grid tbody");
  var rowsTotal = form.querySelector('input[name="row-TOTAL_FORMS"]');

  // --- Unsaved changes -------------------------------------------------------------------
  function markDirty() {
    if (dirty) return;
    dirty = true;
    var note = document.createElement("span");
    note.className = "raci-dirty-note";
    note.textContent = form.dataset.textDirty || "Unsaved changes";
    var submitRow = form.querySelector(".submit-row");
    if (submitRow) submitRow.appendChild(note);
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    dirty = false;
    // Rows inserted but left empty are not sent as rows (the server would ask for their text).
    tbody.querySelectorAll("tr.raci-new").forEach(function (row) {
      if (!blank(row)) return;
      row.querySelectorAll(".raci-order-input, .raci-level").forEach(function (input) { input.value = ""; });
      var kind = row.querySelector(".raci-kind");
      if (kind) kind.value = "activity";
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // --- Letters ---------------------------------------------------------------------------
  function canonical(value) {
    var text = value.replace(/[\s\/,;.+&|-]+/g, "").toUpperCase();
    for (var i = 0; i < text.length; i++) {
      if (CANONICAL.indexOf(text[i]) < 0) return value; // the server names the error
    }
    return CANONICAL.split("").filter(function (l) { return text.indexOf(l) >= 0; }).join("");
  }
  function describe(input) {
    return input.getAttribute("aria-label") || "";
  }
  function syncToolbar() {
    if (!current) return;
    target.textContent = describe(current);
    toolbar.querySelectorAll(".raci-toggle").forEach(function (button) {
      var on = current.value.toUpperCase().indexOf(button.dataset.letter) >= 0;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  toolbar.hidden = false;
  toolbar.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the cell focused
  toolbar.addEventListener("click", function (event) {
    var button = event.target.closest(".raci-toggle");
    if (!button || !current) return;
    var letter = button.dataset.letter;
    var value = canonical(current.value);
    value = value.indexOf(letter) >= 0 ? value.replace(letter, "") : canonical(value + letter);
    current.value = value;
    markDirty();
    syncToolbar();
    current.focus();
  });
  form.addEventListener("focusin", function (event) {
    if (event.target.classList.contains("raci-cell-input")) {
      current = event.target;
      syncToolbar();
    }
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.classList.contains("raci-cell-input")) {
      event.target.value = canonical(event.target.value);
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target === current) syncToolbar();
  });

  // --- Moving between cells --------------------------------------------------------------
  function cellsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll(".raci-cell-input"));
  }
  function verticalNeighbour(input, step) {
    var row = input.closest("tr");
    var column = cellsOf(row).indexOf(input);
    var next = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (next) {
      var cells = cellsOf(next);
      if (cells.length > column) return cells[column];
      next = step > 0 ? next.nextElementSibling : next.previousElementSibling;
    }
    return null;
  }
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("raci-cell-input")) return;
    var next = null;
    if (event.key === "ArrowDown" || event.key === "Enter") {
      next = verticalNeighbour(input, 1);
      event.preventDefault(); // Enter in a cell moves down instead of saving the whole grid
    } else if (event.key === "ArrowUp") {
      next = verticalNeighbour(input, -1);
      event.preventDefault();
    } else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) {
      var cells = cellsOf(input.closest("tr"));
      next = cells[cells.indexOf(input) + 1] || null;
    } else if (event.key === "ArrowLeft" && input.selectionStart === 0) {
      var cellsLeft = cellsOf(input.closest("tr"));
      next = cellsLeft[cellsLeft.indexOf(input) - 1] || null;
    }
    if (next) {
      event.preventDefault();
      next.focus();
      next.select();
    }
  });

  // --- Rows: move, insert, renumber ------------------------------------------------------
  function blank(row) {
    var filled = Array.prototype.some.call(row.querySelectorAll(".raci-text-input, .raci-cell-input"), function (input) {
      return input.value.trim() !== "";
    });
    return row.classList.contains("raci-new") && !filled;
  }
  function inUse(row) {
    // A row inserted with + keeps its place while it is being filled in.
    return !blank(row) || row.dataset.inserted === "1";
  }
  function renumber() {
    var n = 0;
    tbody.querySelectorAll("tr.raci-row").forEach(function (row) {
      var order = row.querySelector(".raci-order-input");
      if (!order) return;
      if (inUse(row)) {
        n += 1;
        order.value = n * ORDER_STEP;
      } else {
        order.value = "";
      }
    });
    markDirty();
  }
  function insertRow(after, kind) {
    var template = document.getElementById("raci-empty-row");
    var index = parseInt(rowsTotal.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rowsTotal.value = String(index + 1);
    after.parentNode.insertBefore(row, after.nextSibling);
    addTools(row);
    var select = row.querySelector(".raci-kind");
    if (select) select.value = kind;
    var level = row.querySelector(".raci-level");
    if (level && kind === "section") {
      var afterLevel = after.querySelector(".raci-level");
      level.value = afterLevel && afterLevel.value ? afterLevel.value : "1";
    }
    row.dataset.inserted = "1";
    renumber();
    row.querySelector(".raci-text-input").focus();
  }
  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    return b;
  }
  function addTools(row) {
    var cell = row.querySelector(".raci-order");
    if (!cell || cell.querySelector(".raci-row-tools")) return;
    var tools = document.createElement("span");
    tools.className = "raci-row-tools";
    tools.appendChild(button("↑", form.dataset.textUp || "Move row up", function () {
      var previous = row.previousElementSibling;
      if (previous) { row.parentNode.insertBefore(row, previous); renumber(); }
    }));
    tools.appendChild(button("↓", form.dataset.textDown || "Move row down", function () {
      var next = row.nextElementSibling;
      if (next) { row.parentNode.insertBefore(next, row); renumber(); }
    }));
    tools.appendChild(button("+", form.dataset.textActivity || "Add an activity below", function () { insertRow(row, "activity"); }));
    tools.appendChild(button("§", form.dataset.textSection || "Add a section below", function () { insertRow(row, "section"); }));
    cell.appendChild(tools);
  }
  tbody.querySelectorAll("tr.raci-row").forEach(addTools);
})();
