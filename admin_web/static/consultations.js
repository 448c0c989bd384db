// The consultants' inbox, live: new messages of a conversation appear as they are written, and
// the list of conversations fetches itself again when one changes (server-sent events).
// Without script the pages refresh themselves (a <noscript> meta refresh).
(function () {
  "use strict";

  function conversation(list) {
    var labels = document.getElementById("labels").dataset;
    var template = document.getElementById("message-template");
    var source = new EventSource(list.dataset.live);
    source.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (list.querySelector('[data-id="' + message.id + '"]')) { return; }
      var item = template.content.firstElementChild.cloneNode(true);
      item.dataset.id = message.id;
      item.classList.add("message-" + message.author);
      var who = message.author === "resident" ? labels.resident
        : message.author === "note" ? labels.note + " · " + (message.who || "")
        : (message.who || labels.consultant);
      item.querySelector(".meta").textContent = who + " · " + message.at;
      item.querySelector(".text").textContent = message.text;
      if (message.file) {
        var file = document.createElement("div");
        file.className = "file";
        file.textContent = "📎 " + message.file;
        item.appendChild(file);
      }
      list.appendChild(item);
      // Reconnecting asks only for what came after the newest shown.
      list.dataset.live = list.dataset.live.replace(/after=\d+/, "after=" + message.id);
    });
  }

  function inbox(box) {
    var source = new EventSource(box.dataset.live);
    source.addEventListener("changed", function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html")
            .getElementById("inbox-table");
          var table = document.getElementById("inbox-table");
          if (fresh && table) { table.replaceWith(fresh); }
        });
    });
  }

  function cannedAnswers() {
    var select = document.getElementById("canned");
    var text = document.getElementById("reply-text");
    if (!select || !text) { return; }
    select.addEventListener("change", function () {
      if (!select.value) { return; }
      text.value = text.value ? text.value + "\n" + select.value : select.value;
      select.value = "";
      text.focus();
    });
  }

  function fileSize() {
    var input = document.getElementById("reply-file");
    if (!input) { return; }
    input.addEventListener("change", function () {
      var file = input.files[0];
      input.setCustomValidity(file && file.size > Number(input.dataset.max)
        ? input.dataset.tooBig : "");
      input.reportValidity();
    });
  }

  var list = document.getElementById("messages");
  if (list && window.EventSource) { conversation(list); }
  var box = document.getElementById("inbox");
  if (box && window.EventSource) { inbox(box); }
  cannedAnswers();
  fileSize();
})();
