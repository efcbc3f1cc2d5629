// Live updates for the inbox over server-sent events. Everything from the server is inserted as text,
// never as HTML: visitor messages are untrusted.
(function () {
  "use strict";

  function waiting(since) {
    var minutes = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 60000));
    return minutes < 120 ? minutes + " min" : Math.floor(minutes / 60) + " h";
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function renderQueue(tbody, rows) {
    tbody.replaceChildren();
    if (!rows.length) {
      var empty = document.createElement("tr");
      var td = cell("Nobody is waiting. New conversations appear here by themselves.");
      td.colSpan = 5;
      empty.appendChild(td);
      tbody.appendChild(empty);
      return;
    }
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      var who = document.createElement("td");
      var link = document.createElement("a");
      link.href = "/inbox/handoffs/" + encodeURIComponent(row.id);
      link.textContent = row.name || row.company || row.sender_id;
      who.appendChild(link);
      tr.appendChild(who);
      tr.appendChild(cell(String(row.warmth_score)));
      tr.appendChild(cell(row.reason));
      tr.appendChild(cell(row.status + (row.assigned_rep ? " (" + row.assigned_rep + ")" : "")));
      var wait = cell(waiting(row.waiting_since));
      wait.dataset.since = row.waiting_since;
      tr.appendChild(wait);
      tbody.appendChild(tr);
    });
  }

  function renderTranscript(list, data) {
    list.replaceChildren();
    data.lines.forEach(function (line) {
      var li = document.createElement("li");
      li.className = line.who;
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = line.rep || line.who;
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

  document.querySelectorAll("[data-since]").forEach(function (td) { td.textContent = waiting(td.dataset.since); });

  var queue = document.getElementById("queue");
  if (queue) {
    new EventSource(queue.dataset.live).onmessage = function (event) {
      renderQueue(queue.querySelector("tbody"), JSON.parse(event.data));
    };
  }
  var transcript = document.getElementById("transcript");
  if (transcript) {
    new EventSource(transcript.dataset.live).onmessage = function (event) {
      renderTranscript(transcript, JSON.parse(event.data));
    };
  }
})();
