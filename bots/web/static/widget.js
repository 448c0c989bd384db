/* The ЦОПП АО web chat. Put one tag on any page:
 *   <script src="https://PLATFORM/widget.js" defer></script>
 * Optional: data-lang="ru|en" (else the page's lang), data-start="events" (a deep link).
 * No inline script or style: the DOM is built here and styled by widget.css beside it,
 * so it runs under a strict Content-Security-Policy. */
(function () {
  "use strict";
  var SETTINGS = /*SETTINGS*/{};
  var script = document.currentScript;
  if (!script || window.coppChatLoaded) { return; }
  window.coppChatLoaded = true;

  var base = new URL(script.src, document.baseURI);
  var TOKEN = "copp-chat-token";
  var OPEN = "copp-chat-open";
  var wanted = (script.getAttribute("data-lang") || document.documentElement.lang || "")
    .slice(0, 2).toLowerCase();
  var lang = SETTINGS.labels && SETTINGS.labels[wanted] ? wanted : SETTINGS.locale;
  var L = SETTINGS.labels[lang];
  var link = script.getAttribute("data-start");

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); }
      else { window.localStorage.setItem(key, value); }
    } catch (e) { /* storage is off: the chat lasts as long as the page */ }
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  var root, launcher, panel, log, statusLine, form, input, closeButton;
  var ws = null, retries = 0, retryTimer = null, queue = [];

  function build() {
    var css = el("link");
    css.rel = "stylesheet";
    css.href = new URL("/webchat/widget.css", base).href;
    document.head.appendChild(css);

    root = el("div", "copp-chat");
    root.lang = lang;
    launcher = el("button", "copp-chat-launcher", L.open);
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "copp-chat-panel");

    panel = el("section", "copp-chat-panel");
    panel.id = "copp-chat-panel";
    panel.hidden = true;
    panel.setAttribute("aria-labelledby", "copp-chat-title");

    var header = el("div", "copp-chat-header");
    var title = el("h2", "copp-chat-title", L.title);
    title.id = "copp-chat-title";
    closeButton = el("button", "copp-chat-close", "×");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", L.close);
    header.appendChild(title);
    header.appendChild(closeButton);

    log = el("div", "copp-chat-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", L.messages);
    log.tabIndex = 0;

    statusLine = el("p", "copp-chat-status");
    statusLine.setAttribute("role", "status");

    form = el("form", "copp-chat-form");
    var label = el("label", "copp-chat-label", L.input);
    label.htmlFor = "copp-chat-input";
    input = el("input", "copp-chat-input");
    input.id = "copp-chat-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = 4096;
    var send = el("button", "copp-chat-send", L.send);
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(statusLine);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);

    launcher.addEventListener("click", function () { if (panel.hidden) { open(true); } else { close(); } });
    closeButton.addEventListener("click", close);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) { return; }
      input.value = "";
      mine(text);
      send_({type: "text", text: text});
    });
    if (load(OPEN)) { open(false); }
  }

  function open(focus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    save(OPEN, "1");
    connect();
    if (focus) { input.focus(); }
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    save(OPEN, null);
    launcher.focus();
  }

  function status(text) { statusLine.textContent = text || ""; }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function mine(text) {
    var item = el("div", "copp-msg copp-msg-mine");
    item.appendChild(el("span", "copp-sr", L.you + ": "));
    item.appendChild(el("span", "copp-msg-text", text));
    log.appendChild(item);
    scrollDown();
  }

  function show(message) {
    var item = el("div", "copp-msg copp-msg-bot");
    if (message.text) { item.appendChild(el("p", "copp-msg-text", message.text)); }
    if (message.image && message.image.url) {
      var image = el("img", "copp-msg-image");
      image.alt = L.picture;
      image.addEventListener("load", scrollDown);
      image.src = new URL(message.image.url, base).href;
      item.appendChild(image);
    }
    if (message.file && message.file.url) {
      var file = el("a", "copp-msg-file", L.download.replace("{name}", message.file.name));
      file.href = new URL(message.file.url, base).href;
      file.setAttribute("download", message.file.name);
      item.appendChild(file);
    }
    var buttons = message.buttons || [];
    if (buttons.length) {
      var group = el("div", "copp-msg-buttons");
      var row = null, rowNumber = -1;
      buttons.forEach(function (button) {
        if (row === null || button.row !== rowNumber) {
          row = el("div", "copp-msg-row");
          rowNumber = button.row;
          group.appendChild(row);
        }
        var press = el("button", "copp-msg-button", button.text);
        press.type = "button";
        press.addEventListener("click", function () {
          mine(button.text);
          send_({type: "click", data: button.data});
        });
        row.appendChild(press);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    var phone = message.input === "phone";
    input.type = phone ? "tel" : "text";
    input.autocomplete = phone ? "tel" : "off";
    scrollDown();
  }

  function problem(text) {
    log.appendChild(el("div", "copp-msg copp-msg-error", text));
    scrollDown();
  }

  function send_(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(frame)); return; }
    queue.push(frame);
    connect();
  }

  function connect() {
    if (ws) { return; }
    clearTimeout(retryTimer);
    status(L.connecting);
    var address = new URL("/webchat/ws", base);
    address.protocol = base.protocol === "https:" ? "wss:" : "ws:";
    var socket = ws = new WebSocket(address.href);
    socket.addEventListener("open", function () {
      retries = 0;
      status("");
      var start = {type: "start", lang: lang};
      var token = load(TOKEN);
      if (token) { start.token = token; }
      if (link) { start.link = link; link = null; }
      socket.send(JSON.stringify(start));
      queue.splice(0).forEach(function (frame) { socket.send(JSON.stringify(frame)); });
    });
    socket.addEventListener("message", function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "token") { save(TOKEN, message.token); }
      else if (message.type === "error") { problem(message.text); }
      else if (message.type === "message") { show(message); }
    });
    socket.addEventListener("close", function () {
      if (ws === socket) { ws = null; }
      if (!panel.hidden) {
        status(L.lost);
        retryTimer = setTimeout(connect, Math.min(15000, 500 * Math.pow(2, retries++)));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
}());
