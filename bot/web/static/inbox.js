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
  }

  showWaiting(document);

  var queue = document.getElementById("queue");
  if (queue) {
    new EventSource(queue.dataset.live).onmessage = function (event) {
      var tbody = queue.querySelector("tbody");
      tbody.innerHTML = JSON.parse(event.data).html;
      showWaiting(tbody);
    };
  }
  var transcript = document.getElementById("transcript");
  if (transcript) {
    new EventSource(transcript.dataset.live).onmessage = function (event) {
      renderTranscript(transcript.querySelector("ol"), JSON.parse(event.data));
    };
  }
})();
