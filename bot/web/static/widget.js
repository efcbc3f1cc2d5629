/*
 * Lead assistant chat widget. Embed with one tag:
 *   <script src="https://YOUR-WEB-APP/static/widget.js" data-server="https://YOUR-RASA" defer></script>
 * Optional: data-title, data-accent (CSS colour), data-greeting.
 * Everything it loads comes from the same place as this file. Messages are always inserted as text.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/\/static\/widget\.js.*$/, "");
  var options = {
    server: script.dataset.server || "http://127.0.0.1:5005",
    title: script.dataset.title || "Chat with us",
    accent: script.dataset.accent || "#2f5bea",
    greeting: script.dataset.greeting || "Hi! What are you working on?"
  };
  var STORE = "leadbot:" + options.server;
  var HISTORY_LIMIT = 60;
  var URL_PATTERN = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(STORE + ":" + key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(STORE + ":" + key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  // The server issues (and signs) the conversation id; we keep it so a reload continues the conversation.
  var sessionId = load("session", null);
  var history = load("history", []);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var css = el("link");
  css.rel = "stylesheet";
  css.href = base + "/static/widget.css";
  document.head.appendChild(css);

  var root = el("div", "lb-root");
  root.style.setProperty("--lb-accent", options.accent);
  var toggle = el("button", "lb-toggle", options.title);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "lb-panel");
  var panel = el("section", "lb-panel");
  panel.id = "lb-panel";
  panel.hidden = true;
  panel.setAttribute("aria-label", options.title);
  var header = el("header", "lb-header");
  header.appendChild(el("h2", "lb-title", options.title));
  var knowLink = el("button", "lb-know", "What we know");
  knowLink.type = "button";
  knowLink.setAttribute("aria-controls", "lb-card");
  knowLink.setAttribute("aria-expanded", "false");
  header.appendChild(knowLink);
  var close = el("button", "lb-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  header.appendChild(close);
  var status = el("p", "lb-status");
  status.setAttribute("role", "status");
  // The log is the scrolling region (focusable, so a keyboard can scroll it); the messages are a list in it.
  var log = el("div", "lb-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0;
  var messages = el("ol", "lb-messages");
  log.appendChild(messages);
  var typing = el("p", "lb-typing", "The assistant is typing…");
  typing.hidden = true;
  var form = el("form", "lb-form");
  var input = el("input", "lb-input");
  input.type = "text";
  input.maxLength = 1000;
  input.autocomplete = "off";
  input.setAttribute("aria-label", "Your message");
  input.placeholder = "Type your message…";
  var send = el("button", "lb-send", "Send");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  // "What we know": the lines a rep would see about the visitor, each one they can change or remove.
  var card = el("section", "lb-card");
  card.id = "lb-card";
  card.hidden = true;
  card.tabIndex = -1;
  card.setAttribute("aria-labelledby", "lb-card-title");
  var cardTitle = el("h3", "lb-card-title", "What we know about you");
  cardTitle.id = "lb-card-title";
  card.appendChild(cardTitle);
  card.appendChild(el("p", "lb-card-intro", "This is what our team sees. Change or remove anything that isn't right."));
  var cardError = el("p", "lb-card-error");
  cardError.setAttribute("role", "alert");
  var cardLines = el("ul", "lb-card-lines");
  var cardWhy = el("p", "lb-card-why");
  var cardBack = el("button", "lb-card-action", "Done");
  cardBack.type = "button";
  card.appendChild(cardError);
  card.appendChild(cardLines);
  card.appendChild(cardWhy);
  card.appendChild(cardBack);
  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(card);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(toggle);
  document.body.appendChild(root);

  function withLinks(container, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (url, _group, offset) {
      container.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = el("a", "lb-link", url);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      container.appendChild(link);
      last = offset + url.length;
      return url;
    });
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  function render(message) {
    var item = el("li", "lb-msg lb-" + (message.from === "rep" ? "bot lb-rep" : message.from));
    if (message.from === "rep") { item.appendChild(el("span", "lb-who", message.name)); }
    var bubble = el("p", "lb-bubble");
    if (message.from !== "visitor") { withLinks(bubble, message.text); } else { bubble.textContent = message.text; }
    item.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      var choices = el("div", "lb-choices");
      message.buttons.forEach(function (button) {
        var choice = el("button", "lb-choice", button.title);
        choice.type = "button";
        choice.addEventListener("click", function () { sendMessage(button.payload, button.title); });
        choices.appendChild(choice);
      });
      item.appendChild(choices);
    }
    messages.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function remember(message) {
    history.push(message);
    history = history.slice(-HISTORY_LIMIT);
    save("history", history);
    render(message);
  }

  function setStatus(text) { status.textContent = text; status.hidden = !text; }

  var socket = null;
  var typingTimer = null;
  // Messages wait here until the server has confirmed the conversation: one typed while the page is still
  // connecting would otherwise reach the server before the session request and be dropped.
  var pending = [];
  var confirmed = false;
  // Each message carries an id of its own. One sent but not answered when the connection drops is sent again
  // after the reconnect with the same id: the server answers a repeat with the first attempt's replies instead
  // of taking it as a new message (exactly once), and replies already shown are not shown twice.
  var unanswered = [];
  var answered = {};
  var RESEND_WITHIN_MS = 5 * 60 * 1000;  // well inside the server's 10-minute memory of message ids
  function newMessageId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function acknowledged(id) {
    return function () { unanswered = unanswered.filter(function (sent) { return sent.id !== id; }); };
  }
  function flush() {
    while (socket && socket.connected && confirmed && pending.length) {
      var next = pending.shift();
      next.sentAt = next.sentAt || Date.now();
      unanswered.push(next);
      // The server acknowledges once the message is handled (whatever the replies, none while a person is away).
      socket.emit("user_uttered", { message: next.text, message_id: next.id, session_id: sessionId,
                                    metadata: visitorContext() }, acknowledged(next.id));
    }
  }

  // The visitor's timezone, so meeting times are offered in their own clock.
  function timezone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }
  // Where the visitor is, for the rep: the page without its query string (which can hold an email or a
  // token), the campaign tags, the referring page, language and timezone. The server cleans it again.
  function withoutQuery(address) {
    try { var parsed = new URL(address); return parsed.origin + parsed.pathname; } catch (e) { return ""; }
  }
  function currentPage() {
    var utm = {};
    try {
      var params = new URLSearchParams(window.location.search);
      ["source", "medium", "campaign", "term", "content"].forEach(function (tag) {
        var value = params.get("utm_" + tag);
        if (value) { utm[tag] = value.slice(0, 100); }
      });
    } catch (e) { /* very old browser: no campaign tags */ }
    return {
      url: withoutQuery(window.location.href), title: (document.title || "").slice(0, 200),
      referrer: withoutQuery(document.referrer), utm: utm,
      language: navigator.language || "", timezone: timezone()
    };
  }
  // The page where the widget first saw this visitor (how they arrived), kept across pages and visits.
  var page = currentPage();
  var landing = load("landing", null);
  if (!landing) { landing = page; save("landing", landing); }
  function visitorContext() {
    return { timezone: timezone(), page: page, landing: landing };
  }

  function sendMessage(payload, shown) {
    var text = (payload || "").trim();
    if (!text) { return; }
    remember({ from: "visitor", text: shown || text });
    setVisitFlag("prompted");  // someone who is already talking is not prompted again this visit
    if (!socket || !socket.connected) {
      setStatus("You're offline. We'll send your message when the connection is back.");
    }
    pending.push({ text: text, id: newMessageId() });
    flush();
    if (!withPerson) { showTyping("The assistant is typing…", 15000); }
  }

  function showTyping(text, forMs) {
    typing.textContent = text;
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typing.hidden = true; }, forMs);
  }

  // While a person from the team is in the chat, they see when the visitor is typing (never sent to the bot).
  var withPerson = false;
  var lastTypingSignal = 0;
  input.addEventListener("input", function () {
    var now = Date.now();
    if (!withPerson || !input.value || !socket || !confirmed || now - lastTypingSignal < 3000) { return; }
    lastTypingSignal = now;
    socket.emit("typing", {});
  });

  function connect() {
    // Long-polling only: Rasa 3.6 runs on Sanic 21, whose websocket API engine.io cannot use.
    socket = window.io(options.server, { transports: ["polling"], reconnection: true });
    socket.on("connect", function () {
      setStatus("");
      socket.emit("session_request", { session_id: sessionId, metadata: { page: page } });
    });
    socket.on("session_confirm", function (issued) {
      sessionId = issued;
      save("session", sessionId);
      confirmed = true;
      var now = Date.now();  // sent before the connection dropped and never acknowledged: again, same id
      pending = unanswered.filter(function (sent) { return now - sent.sentAt < RESEND_WITHIN_MS; }).concat(pending);
      unanswered = [];
      flush();
    });
    socket.on("disconnect", function () { confirmed = false; setStatus("You're offline. Reconnecting…"); });
    socket.on("connect_error", function () { setStatus("You're offline. Reconnecting…"); });
    socket.on("bot_uttered", function (data) {
      if (typeof data.reply_to === "string") {
        if (data.repeat === true && answered[data.reply_to]) { return; }  // shown when it first came
        answered[data.reply_to] = true;
      }
      typing.hidden = true;
      withPerson = typeof data.rep === "string" && data.rep.length > 0;
      var buttons = (data.quick_replies || data.buttons || []).map(function (b) {
        return { title: b.title, payload: b.payload };
      });
      if (data.text && withPerson) { remember({ from: "rep", name: data.rep, text: data.text }); }
      else if (data.text) { remember({ from: "bot", text: data.text, buttons: buttons }); }
      // Handing over to a person: the visitor sees (and may correct) what the team will see.
      if (data.show_card === true) { openCard(false); }
    });
    socket.on("prompts", armPrompts);
    // This page's own first line (data/openings.yml), shown when the visitor opens a chat they never started.
    socket.on("opening", function (data) {
      if (data && typeof data.greeting === "string" && data.greeting) { options.greeting = data.greeting; }
    });
    socket.on("rep_typing", function (data) {
      if (!data || typeof data.rep !== "string") { return; }
      showTyping(data.rep + " is typing…", 6000);
    });
  }

  function cardRequest(method, body) {
    var init = { method: method, headers: { "X-Chat-Token": sessionId || "" } };
    if (body) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    return fetch(base + "/visitor/card", init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || "That didn't work. Please try again."); }
        return data;
      });
    });
  }
  function showCard(data) {
    cardLines.textContent = "";
    cardError.textContent = "";
    var lines = (data && data.lines) || [];
    if (!lines.length) { cardLines.appendChild(el("li", "lb-card-empty", "Nothing yet, apart from this conversation.")); }
    lines.forEach(function (line) {
      var item = el("li", "lb-card-line");
      var text = el("p", "lb-card-text");
      text.appendChild(el("strong", "", line.label + ": "));
      text.appendChild(document.createTextNode(line.value));
      if (line.corrected) { text.appendChild(el("em", "lb-card-note", " (your correction)")); }
      var change = el("button", "lb-card-action", "Change");
      change.type = "button";
      change.setAttribute("aria-label", "Change " + line.label);
      var remove = el("button", "lb-card-action", "Remove");
      remove.type = "button";
      remove.setAttribute("aria-label", "Remove " + line.label);
      change.addEventListener("click", function () { editLine(item, line); });
      remove.addEventListener("click", function () {
        cardRequest("POST", { fact: line.fact, remove: true }).then(showCard, cardFailed);
      });
      item.appendChild(text);
      item.appendChild(change);
      item.appendChild(remove);
      cardLines.appendChild(item);
    });
    // How and when we may contact them can be set here even if they never said it in the chat.
    if (data && data.contact_line && !lines.some(function (line) { return line.fact === data.contact_line.fact; })) {
      var addItem = el("li", "lb-card-line");
      var add = el("button", "lb-card-action", "Add: " + data.contact_line.label.toLowerCase());
      add.type = "button";
      add.addEventListener("click", function () {
        editLine(addItem, { fact: data.contact_line.fact, label: data.contact_line.label, value: "",
                            hint: data.contact_line.hint });
      });
      addItem.appendChild(add);
      cardLines.appendChild(addItem);
    }
    var why = (data && data.why_talk) || [];
    cardWhy.textContent = why.length ? "Why a talk with our team might help: you " + why.join(", ") + "." : "";
  }
  function cardFailed(error) {  // the server's reason, or (no answer at all) a plain one
    cardError.textContent = error instanceof TypeError ? "That didn't reach us. Please try again in a moment."
      : error.message;
  }
  function editLine(item, line) {
    item.textContent = "";
    var edit = el("form", "lb-card-edit");
    var field = el("input", "lb-input");
    field.value = line.value;
    field.maxLength = 500;
    if (line.hint) { field.placeholder = line.hint; }
    field.setAttribute("aria-label", line.label);
    var saveButton = el("button", "lb-send", "Save");
    saveButton.type = "submit";
    var cancel = el("button", "lb-card-action", "Cancel");
    cancel.type = "button";
    cancel.addEventListener("click", function () { cardRequest("GET").then(showCard, cardFailed); });
    edit.addEventListener("submit", function (event) {
      event.preventDefault();
      cardRequest("POST", { fact: line.fact, value: field.value }).then(showCard, cardFailed);
    });
    edit.appendChild(field);
    edit.appendChild(saveButton);
    edit.appendChild(cancel);
    item.appendChild(edit);
    field.focus();
  }
  // Shown above the conversation, which stays readable; focus moves only when the visitor asked for the card.
  function openCard(takeFocus) {
    if (!sessionId) { return; }
    card.hidden = false;
    knowLink.setAttribute("aria-expanded", "true");
    cardRequest("GET").then(function (data) { showCard(data); if (takeFocus) { card.focus(); } }, cardFailed);
  }
  function closeCard() {
    card.hidden = true;
    knowLink.setAttribute("aria-expanded", "false");
    input.focus();
  }
  knowLink.addEventListener("click", function () { if (card.hidden) { openCard(true); } else { closeCard(); } });
  cardBack.addEventListener("click", closeCard);

  function open(greeting) {
    removePrompt();
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    if (!history.length) { remember({ from: "bot", text: greeting || options.greeting }); }
    input.focus();
  }
  function hide() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  // Proactive prompts (data/prompts.yml, sent by the server only to visitors who may be prompted): a small
  // bubble by the chat button, on the visitor's terms: never in the first seconds on a page, at most once a
  // visit, never for a while after one was dismissed, never while the chat is open or after they have written.
  var promptBubble = null;
  var promptsArmed = false;
  function visitFlag(name) {
    try { return sessionStorage.getItem(STORE + ":" + name) === "1"; } catch (e) { return true; }
  }
  function setVisitFlag(name) {
    try { sessionStorage.setItem(STORE + ":" + name, "1"); } catch (e) { /* private mode */ }
  }
  function pathMatches(pattern, path) {
    var expression = pattern.split("*").map(function (part) {
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }).join(".*");
    return new RegExp("^" + expression + "$").test(path);
  }
  function promptEvent(rule, action) {
    if (socket && socket.connected) { socket.emit("prompt_event", { id: rule.id, action: action }); }
  }
  function removePrompt() {
    if (promptBubble) { promptBubble.remove(); promptBubble = null; }
  }
  function showPrompt(rule) {
    setVisitFlag("prompted");
    promptBubble = el("div", "lb-prompt");
    promptBubble.setAttribute("role", "status");
    var offer = el("button", "lb-prompt-open", rule.text);
    offer.type = "button";
    var dismiss = el("button", "lb-prompt-close", "×");
    dismiss.type = "button";
    dismiss.setAttribute("aria-label", "Dismiss");
    offer.addEventListener("click", function () { promptEvent(rule, "opened"); open(rule.text); });
    dismiss.addEventListener("click", function () {
      save("prompt-dismissed-at", Date.now());
      promptEvent(rule, "dismissed");
      removePrompt();
      toggle.focus();
    });
    promptBubble.appendChild(offer);
    promptBubble.appendChild(dismiss);
    root.insertBefore(promptBubble, toggle);
    promptEvent(rule, "shown");
  }
  function armPrompts(rules) {
    if (promptsArmed || !rules || !rules.prompts || !rules.prompts.length || visitFlag("prompted")) { return; }
    if (Date.now() - load("prompt-dismissed-at", 0) < rules.quiet_days * 86400000) { return; }
    var here = window.location.pathname;
    var candidates = rules.prompts.filter(function (rule) {
      return rule.pages.some(function (pattern) { return pathMatches(pattern, here); });
    });
    if (!candidates.length) { return; }
    promptsArmed = true;
    var started = Date.now();
    var leaving = false;
    var timer = null;
    function scrolledPercent() {
      var page = document.documentElement;
      var scrollable = page.scrollHeight - window.innerHeight;
      return scrollable <= 0 ? 100 : Math.round(100 * window.scrollY / scrollable);
    }
    function check() {
      if (promptBubble || visitFlag("prompted")) { clearInterval(timer); return; }
      var seconds = (Date.now() - started) / 1000;
      if (!panel.hidden || seconds < rules.quiet_seconds) { return; }
      var due = candidates.filter(function (rule) {
        return seconds >= rule.seconds && scrolledPercent() >= rule.scrolled && (!rule.leaving || leaving);
      })[0];
      if (due) { clearInterval(timer); showPrompt(due); }
    }
    timer = setInterval(check, 1000);
    window.addEventListener("scroll", check, { passive: true });
    document.addEventListener("mouseout", function (event) {
      if (!event.relatedTarget && event.clientY <= 0) { leaving = true; check(); }
    });
  }

  toggle.addEventListener("click", function () { if (panel.hidden) { open(); } else { hide(); } });
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendMessage(input.value);
    input.value = "";
  });

  history.forEach(render);
  if (load("open", false)) { open(); }
  window.addEventListener("beforeunload", function () { save("open", !panel.hidden); });

  var client = el("script");
  client.src = base + "/static/vendor/socket.io.min.js";
  client.onload = connect;
  client.onerror = function () { setStatus("The chat could not load. Please try again later."); };
  document.head.appendChild(client);
})();
