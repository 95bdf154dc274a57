// The web kit's list behaviour (kernel/web/lists.py): "/" focuses the search, the header box
// selects every row on the page, and the bulk bar shows the input its action needs and counts
// the selection. Delegated from document, so it keeps working after htmx swaps the results.
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var search = document.querySelector("[data-search-shortcut]");
    if (search) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });

  function refreshBar(form) {
    if (!form) return;
    var chosen = document.querySelectorAll('input[name="ids"][form="' + form.id + '"]:checked').length;
    var action = form.querySelector('select[name="action"]');
    var option = action.options[action.selectedIndex];
    var needs = option ? option.getAttribute("data-needs") : "";
    form.querySelectorAll("[data-bulk-input]").forEach(function (input) {
      input.hidden = input.getAttribute("data-bulk-input") !== needs;
    });
    form.querySelector("[data-bulk-submit]").disabled = chosen === 0 || !action.value;
    var counter = form.querySelector("[data-bulk-count]");
    counter.textContent = chosen ? form.getAttribute("data-selected-label").replace("%s", chosen) : "";
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var group = target.getAttribute("data-select-all");
    if (group) {
      document.querySelectorAll('input[name="ids"][form="' + group + '"]').forEach(function (box) {
        box.checked = target.checked;
      });
      refreshBar(document.getElementById(group));
    } else if (target.name === "ids" && target.form) {
      refreshBar(target.form);
    } else if (target.name === "action" && target.form && target.form.classList.contains("bulk-bar")) {
      refreshBar(target.form);
    }
  });
})();
