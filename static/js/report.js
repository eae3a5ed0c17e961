// Report: show the "Print / Save as PDF" button and print on click. Without this file the
// button stays hidden and the browser's own Print menu gives the same print layout.
(function () {
  "use strict";

  document.querySelectorAll("[data-print-report]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
