// Character counter for the compose and edit forms. Only a hint: the server counts
// the same way (content warning plus text, each link as 23 characters) and is the judge.
(function () {
  "use strict";
  var LINK = /https?:\/\/[^\s<>"'`]+/gi;
  var LINK_WEIGHT = 23;

  function length(text) {
    var links = text.match(LINK) || [];
    var rest = text.replace(LINK, "");
    return Array.from(rest).length + links.length * LINK_WEIGHT;
  }

  function attach(counter) {
    var textarea = document.getElementById(counter.dataset.counterFor);
    if (!textarea || counter.dataset.ready) { return; }
    counter.dataset.ready = "1";
    var warning = document.getElementById(counter.dataset.counterWith || "");
    var max = parseInt(textarea.dataset.maxChars, 10);
    function update() {
      var used = length(textarea.value.trim()) + (warning ? Array.from(warning.value.trim()).length : 0);
      var left = max - used;
      counter.textContent = left >= 0
        ? left + " characters left"
        : -left + " characters over the limit of " + max;
      counter.classList.toggle("over", left < 0);
    }
    textarea.addEventListener("input", update);
    if (warning) { warning.addEventListener("input", update); }
    update();
  }

  function attachAll() {
    document.querySelectorAll("[data-counter-for]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
  document.addEventListener("htmx:load", attachAll);
})();
