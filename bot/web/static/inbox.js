// Live updates for the inbox over server-sent events. Visitor messages are untrusted: transcript lines are
// inserted as text; queue rows arrive as HTML rendered by the page's own autoescaping template
// (templates/queue_rows.html), so the page and its live updates show a row the same way.
(function () {
  "use strict";

  function waiting(since) {
    var minutes = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 60000));
    return minutes < 120 ? minutes + " min" : Math.floor(minutes / 60) + " h";
  }

  function showWaiting(root) {
    root.querySelectorAll("[data-since]").forEach(function (td) { td.textContent = waiting(td.dataset.since); });
  }

  function renderTranscript(list, data) {
    list.replaceChildren();
    data.lines.forEach(function (line) {
      var li = document.createElement("li");
      li.className = line.who;
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = line.who === "note" ? "Note · " + line.rep : (line.rep || line.who);
      var text = document.createElement("span");
      text.className = "text";
      text.textContent = line.text;
      li.appendChild(who);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(text);
      list.appendChild(li);
    });
    var status = document.getElementById("status");
    if (status) { status.textContent = data.handoff.status; }
    var typing = document.getElementById("visitor-typing");
    if (typing) { typing.textContent = data.visitor_typing ? "The visitor is typing…" : ""; }
  }

  showWaiting(document);

  // Forms that undo something (removing a rep) ask first; the question is the form's data-confirm text.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });

  // While the rep types a reply, the visitor sees "<rep> is typing…" (at most one signal every 3 seconds).
  var replyBox = document.getElementById("reply-text");
  var lastTypingSignal = 0;
  if (replyBox) {
    replyBox.addEventListener("input", function () {
      var now = Date.now();
      if (!replyBox.value || now - lastTypingSignal < 3000) { return; }
      lastTypingSignal = now;
      var form = replyBox.form;
      var body = new FormData();
      body.append("csrf", form.querySelector("input[name=csrf]").value);
      fetch(form.action.replace(/\/reply$/, "/typing"), { method: "POST", body: body, credentials: "same-origin" })
        .catch(function () { /* only a hint */ });
    });
  }

  // A saved reply goes into the reply box, for the rep to edit and send.
  var savedReply = document.getElementById("saved-reply");
  var replyText = document.getElementById("reply-text");
  if (savedReply && replyText) {
    savedReply.addEventListener("change", function () {
      if (!savedReply.value) { return; }
      replyText.value = savedReply.value;
      savedReply.selectedIndex = 0;
      replyText.focus();
    });
  }

  // Keyboard shortcuts on a conversation, with Alt+Shift so typing a letter never triggers one.
  var SHORTCUTS = { KeyC: "claim", KeyH: "hand-back", KeyR: "reply-text", KeyN: "note-text" };
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) { return; }
    var target = document.getElementById(SHORTCUTS[event.code] || "");
    if (!target) { return; }
    event.preventDefault();
    if (target.tagName === "BUTTON") { target.click(); } else { target.focus(); }
  });

  // New conversations in the queue: counted in the tab's title until the rep looks, and, when the rep turned
  // alerts on, a short sound and a browser notification.
  var ALERTS_KEY = "leadbot:alerts";
  var unread = 0;
  var baseTitle = document.title;
  function alertsOn() {
    try { return localStorage.getItem(ALERTS_KEY) === "on"; } catch (e) { return false; }
  }
  function showAlertsState(button) {
    var on = alertsOn();
    button.textContent = on ? "Turn off alerts" : "Turn on alerts";
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  function chime() {
    try {
      var audio = new (window.AudioContext || window.webkitAudioContext)();
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.15, audio.currentTime);
      volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      tone.connect(volume).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.4);
    } catch (e) { /* no audio: the title count still shows */ }
  }
  function announce(rows) {
    unread += rows.length;
    document.title = "(" + unread + ") " + baseTitle;
    if (!alertsOn()) { return; }
    chime();
    if (window.Notification && Notification.permission === "granted") {
      rows.forEach(function (row) {
        var cells = row.querySelectorAll("td");
        new Notification("A visitor is waiting", { body: cells.length > 2 ? cells[2].textContent.trim() : "" });
      });
    }
  }
  function markRead() {
    if (document.visibilityState === "visible" && document.hasFocus()) { unread = 0; document.title = baseTitle; }
  }
  window.addEventListener("focus", markRead);
  document.addEventListener("visibilitychange", markRead);

  var alertsButton = document.getElementById("alerts");
  if (alertsButton) {
    showAlertsState(alertsButton);
    alertsButton.addEventListener("click", function () {
      var turnOn = !alertsOn();
      try { localStorage.setItem(ALERTS_KEY, turnOn ? "on" : "off"); } catch (e) { /* private mode */ }
      if (turnOn && window.Notification && Notification.permission === "default") { Notification.requestPermission(); }
      showAlertsState(alertsButton);
    });
  }

  function markNew(row) {
    row.classList.add("new");
    var badge = document.createElement("strong");
    badge.className = "badge";
    badge.textContent = "new";
    row.cells[0].appendChild(badge);
  }

  var queue = document.getElementById("queue");
  if (queue) {
    var seen = {};
    queue.querySelectorAll("tr[data-id]").forEach(function (row) { seen[row.dataset.id] = true; });
    new EventSource(queue.dataset.live).onmessage = function (event) {
      var tbody = queue.querySelector("tbody");
      var known = {};
      tbody.querySelectorAll("tr.new[data-id]").forEach(function (row) { known[row.dataset.id] = true; });
      tbody.innerHTML = JSON.parse(event.data).html;
      showWaiting(tbody);
      var fresh = [];
      tbody.querySelectorAll("tr[data-id]").forEach(function (row) {
        var id = row.dataset.id;
        if (!seen[id]) { seen[id] = true; fresh.push(row); }
        if (known[id] || fresh.indexOf(row) >= 0) { markNew(row); }  // marked until the page is reloaded
      });
      if (fresh.length) { announce(fresh); markRead(); }
    };
  }
  var transcript = document.getElementById("transcript");
  if (transcript) {
    new EventSource(transcript.dataset.live).onmessage = function (event) {
      renderTranscript(transcript.querySelector("ol"), JSON.parse(event.data));
    };
  }
})();
