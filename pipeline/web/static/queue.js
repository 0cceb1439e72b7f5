// Keyboard-first review (Prodigy-style). Every key is listed on screen; forms work without JavaScript too.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("li.sugg"));
  var selected = 0;
  var note = document.getElementById("note");

  function firstPending() {
    for (var i = 0; i < rows.length; i++) { if (rows[i].dataset.state === "pending") { return i; } }
    return 0;
  }
  function select(i) {
    if (!rows.length) { return; }
    selected = (i + rows.length) % rows.length;
    rows.forEach(function (r, j) { r.classList.toggle("selected", j === selected); });
    rows[selected].scrollIntoView({block: "nearest"});
  }
  function click(cls) {
    if (!rows.length) { return; }
    var b = rows[selected].querySelector("button." + cls);
    if (b) { b.click(); }
  }
  function flip() {
    if (!rows.length) { return; }
    var row = rows[selected];
    if (row.dataset.state !== "confirm") {
      // Not accepted yet: flip the polarity that "accept" will use, without a decision.
      var input = row.querySelector(".pol-input"), badge = row.querySelector(".pol");
      var next = input.value === "supports" ? "against" : "supports";
      input.value = next;
      badge.textContent = badge.dataset[next];
      badge.className = "pol pol-" + next;
      return;
    }
    click("b-flip");
  }
  function submit(id) { var f = document.getElementById(id); if (f) { f.requestSubmit ? f.requestSubmit() : f.submit(); } }
  function toggle(id) { var d = document.getElementById(id); if (d) { d.open = !d.open; } }

  // The note goes with whichever decision is submitted next.
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function () {
      var hidden = f.querySelector(".note-input");
      if (hidden && note) { hidden.value = note.value; }
    });
  });

  // Type to search the codebook.
  var search = document.getElementById("code-search");
  var matches = document.getElementById("code-matches");
  var codeSelect = document.getElementById("add-code");
  var options = codeSelect ? Array.prototype.slice.call(codeSelect.options) : [];
  var hit = 0;
  function showMatches() {
    var q = search.value.trim().toLowerCase();
    var found = options.filter(function (o) { return o.text.toLowerCase().indexOf(q) >= 0; });
    matches.innerHTML = "";
    found.slice(0, 8).forEach(function (o, i) {
      var li = document.createElement("li");
      li.textContent = o.text;
      li.dataset.value = o.value;
      if (i === hit) { li.className = "hit"; }
      li.addEventListener("mousedown", function () { choose(o.value); });
      matches.appendChild(li);
    });
    matches.hidden = found.length === 0;
  }
  function choose(value) {
    codeSelect.value = value;
    submit("add-form");
  }
  if (search) {
    search.addEventListener("input", function () { hit = 0; showMatches(); });
    search.addEventListener("keydown", function (e) {
      var items = matches.querySelectorAll("li");
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        hit = Math.max(0, Math.min(items.length - 1, hit + (e.key === "ArrowDown" ? 1 : -1)));
        showMatches();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (items[hit]) { choose(items[hit].dataset.value); }
      }
    });
  }

  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") {
      if (e.key === "Escape") { e.target.blur(); if (search) { search.hidden = true; matches.hidden = true; } }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var handled = true;
    switch (e.key) {
      case "a": case "Enter": click("b-accept"); break;
      case "x": click("b-reject"); break;
      case "f": flip(); break;
      case "j": case "ArrowDown": select(selected + 1); break;
      case "k": case "ArrowUp": select(selected - 1); break;
      case "c": if (search) { search.hidden = false; search.value = ""; hit = 0; showMatches(); search.focus(); } break;
      case "s": submit("skip-form"); break;
      case "n": if (note) { note.focus(); } break;
      case "u": submit("undo-form"); break;
      case "t": toggle("context"); break;
      case "h": toggle("history"); break;
      case "b": var b = document.getElementById("bulk-code"); if (b) { b.focus(); } break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); }
  });
  select(firstPending());
})();
