"use strict";
(function () {
  var body = document.body;
  var store = "guidegen:" + body.getAttribute("data-guide") + ":";
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.question"));
  var count = document.querySelector(".count");

  function load(id) {
    try { return window.localStorage.getItem(store + id) || ""; } catch (err) { return ""; }
  }
  function save(id, mark) {
    try {
      if (mark) { window.localStorage.setItem(store + id, mark); } else { window.localStorage.removeItem(store + id); }
    } catch (err) { /* a browser that keeps nothing for files: the marks last as long as the tab */ }
  }
  function reveal(article, open) {
    var button = article.querySelector("button.reveal");
    var answer = article.querySelector(".answer");
    answer.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "Hide answer" : "Show answer";
    Array.prototype.forEach.call(article.querySelectorAll("button.blank"), function (b) { fill(b, open); });
  }
  function fill(blank, open) {
    blank.setAttribute("aria-expanded", open ? "true" : "false");
    blank.title = open ? "Hide this blank's answer" : "Show this blank's answer";
  }
  function textOf(el) {
    // What the search looks in: the text as the reader sees it, without the blanks' answers.
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".blank .fill"), function (f) { f.remove(); });
    return copy.textContent;
  }
  function mark(article, value) {
    article.setAttribute("data-mark", value);
    Array.prototype.forEach.call(article.querySelectorAll("[data-mark]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-mark") === value ? "true" : "false");
    });
  }
  function check(article) {
    var all = true;
    Array.prototype.forEach.call(article.querySelectorAll(".options li"), function (li) {
      var picked = li.querySelector("input").checked;
      var right = li.getAttribute("data-right") === "yes";
      var verdict = li.querySelector(".verdict");
      li.classList.remove("right", "wrong", "missed");
      if (picked && right) { li.classList.add("right"); verdict.textContent = "✓ right"; }
      else if (picked) { li.classList.add("wrong"); verdict.textContent = "✗ wrong"; all = false; }
      else if (right) { li.classList.add("missed"); verdict.textContent = "← also right"; all = false; }
      else { verdict.textContent = ""; }
    });
    article.querySelector(".result").textContent = all ? "All right." : "Not quite: see the marks and the answer.";
    var value = all ? "knew" : "missed";
    mark(article, value);
    save(article.getAttribute("data-id"), value);
    reveal(article, true);
  }
  function filter() {
    var values = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (input) {
      values[input.getAttribute("data-filter")] = input.type === "checkbox" ? input.checked : input.value.trim().toLowerCase();
    });
    var shown = 0;
    articles.forEach(function (a) {
      var ok = (!values.topic || (" " + a.getAttribute("data-topics") + " ").indexOf(" " + values.topic + " ") >= 0) &&
        (!values.difficulty || a.getAttribute("data-difficulty") === values.difficulty) &&
        (!values.tag || (" " + a.getAttribute("data-tags") + " ").indexOf(" " + values.tag + " ") >= 0) &&
        (!values.missed || a.getAttribute("data-mark") === "missed") &&
        (!values.text || a.searchText.indexOf(values.text) >= 0);
      a.hidden = !ok;
      if (ok) { shown += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.topic"), function (s) {
      s.hidden = !s.querySelector("article.question:not([hidden])");
    });
    document.querySelector(".empty").hidden = shown > 0;
    count.textContent = shown + " of " + articles.length + " question" + (articles.length === 1 ? "" : "s") + " shown";
  }

  articles.forEach(function (a) {
    var parts = [".number", "h3", ".meta", ".body", ".options"].map(function (s) {
      var el = a.querySelector(s); return el ? textOf(el) : "";
    });
    a.searchText = parts.join(" ").toLowerCase();
    var saved = load(a.getAttribute("data-id"));
    if (saved === "knew" || saved === "missed") { mark(a, saved); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) { return; }
    var article = target.closest("article.question");
    var action = target.getAttribute("data-action");
    if (target.classList.contains("blank")) {
      fill(target, target.getAttribute("aria-expanded") !== "true");
    } else if (target.classList.contains("reveal")) {
      reveal(article, target.getAttribute("aria-expanded") !== "true");
    } else if (target.hasAttribute("data-mark")) {
      var value = target.getAttribute("aria-pressed") === "true" ? "" : target.getAttribute("data-mark");
      mark(article, value);
      save(article.getAttribute("data-id"), value);
      filter();
    } else if (action === "check") {
      check(article);
      filter();
    } else if (action === "show-all" || action === "hide-all") {
      articles.forEach(function (a) { reveal(a, action === "show-all"); });
    } else if (action === "print-sheet" || action === "print-key") {
      body.setAttribute("data-print", action === "print-key" ? "key" : "sheet");
      window.print();
    } else if (action === "forget") {
      articles.forEach(function (a) { mark(a, ""); save(a.getAttribute("data-id"), ""); });
      filter();
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (input) {
    input.addEventListener("input", filter);
    input.addEventListener("change", filter);
  });
  filter();
})();
