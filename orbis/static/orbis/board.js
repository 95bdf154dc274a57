// The sales board: drag a card into another stage (SortableJS) and the deal moves there
// through the same endpoint as the keyboard form on each card. A refused move (a stage of
// another pipeline, a stale version, no right to change the deal) puts the card back and says
// why in the live status region.
(function () {
  "use strict";

  function csrfToken() {
    var field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  function say(text, failed) {
    var status = document.getElementById("board-status");
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("text-danger", Boolean(failed));
  }

  function move(card, stage, from, oldIndex) {
    var board = document.getElementById("board");
    var url = board.getAttribute("data-move-url-template").replace(
      "00000000-0000-0000-0000-000000000000", card.getAttribute("data-deal"));
    var body = new URLSearchParams();
    body.set("stage", stage);
    body.set("version", card.getAttribute("data-version") || "");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: body,
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) throw new Error(result.data.error || "");
      card.setAttribute("data-version", result.data.version);
      var select = card.querySelector('select[name="stage"]');
      if (select) select.value = stage;
      var version = card.querySelector('input[name="version"]');
      if (version) version.value = result.data.version;
      say(board.getAttribute("data-moved") || "");
    }).catch(function (error) {
      from.insertBefore(card, from.children[oldIndex] || null);
      say(error.message || board.getAttribute("data-failed") || "", true);
    });
  }

  function start() {
    var picker = document.querySelector("[data-board-picker]");
    if (picker) {
      picker.addEventListener("change", function () { window.location.assign(picker.value); });
    }
    if (typeof Sortable === "undefined") return;
    document.querySelectorAll(".board-cards").forEach(function (list) {
      Sortable.create(list, {
        group: "deals",
        animation: 120,
        filter: "select, button, a, input",
        preventOnFilter: false,
        onEnd: function (event) {
          if (event.from === event.to) return;
          move(event.item, event.to.getAttribute("data-stage"), event.from, event.oldIndex);
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
