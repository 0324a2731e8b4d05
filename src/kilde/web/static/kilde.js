// kilde: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Pair each highlighted quote with its entry in the margin: hovering or focusing one
  // marks the other.
  function pair(quoteIndex, on) {
    document.querySelectorAll('[data-quote="' + quoteIndex + '"]').forEach(function (el) {
      el.classList.toggle("is-active", on);
    });
    var item = document.getElementById("citat-" + quoteIndex);
    if (item) item.classList.toggle("is-active", on);
  }

  document.querySelectorAll("mark[data-quote]").forEach(function (mark) {
    var index = mark.getAttribute("data-quote");
    mark.addEventListener("mouseenter", function () { pair(index, true); });
    mark.addEventListener("mouseleave", function () { pair(index, false); });
  });

  document.querySelectorAll(".quote-list > li[id^='citat-']").forEach(function (item) {
    var index = item.id.slice("citat-".length);
    item.addEventListener("mouseenter", function () { pair(index, true); });
    item.addEventListener("mouseleave", function () { pair(index, false); });
    item.addEventListener("focusin", function () { pair(index, true); });
    item.addEventListener("focusout", function () { pair(index, false); });
  });
})();

// Leave empty filter fields out of search URLs, so links stay short and shareable.
(function () {
  "use strict";
  document.querySelectorAll("form.search-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "") field.disabled = true;
      });
    });
  });
})();
