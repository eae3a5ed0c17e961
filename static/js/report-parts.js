// Report: the owner's first screen leaves the long sections (every skill in detail, the
// whole plan) to the full report, and links to it. Here they are fetched once and put in
// place of the element with the same data-report-part, so the page reads as one report.
// Without this file, or if the fetch fails, the links stay and lead to the full report.
(function () {
  "use strict";

  var HEADER = "X-Report-Parts";
  var holders = document.querySelectorAll("[data-report-part][data-report-from]");
  if (!holders.length || !window.fetch) {
    return;
  }

  var url = holders[0].dataset.reportFrom;
  fetch(url, { credentials: "same-origin", headers: { [HEADER]: "1" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.text();
    })
    .then(function (html) {
      var parts = document.createElement("template");
      parts.innerHTML = html;
      holders.forEach(function (holder) {
        var name = holder.dataset.reportPart;
        var part = parts.content.querySelector('[data-report-part="' + CSS.escape(name) + '"]');
        if (part) {
          holder.replaceWith(part);
        }
      });
    })
    .catch(function () {
      // Keep the links to the full report.
    });
})();
