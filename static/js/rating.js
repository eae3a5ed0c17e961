// Rating form: keep the "n of N rated" progress in step as the person rates, and warn
// before leaving with unsaved changes. The form works without this file.
(function () {
  "use strict";

  var form = document.querySelector("[data-rating-form]");
  if (!form) {
    return;
  }
  var items = form.querySelectorAll("[data-rating-item]");
  var count = form.querySelector("[data-rated-count]");
  var bar = form.querySelector("[data-rated-bar]");
  var dirty = false;

  function ratedCount() {
    var rated = 0;
    items.forEach(function (item) {
      if (item.querySelector('input[type="radio"]:checked')) {
        rated += 1;
      }
    });
    return rated;
  }

  function showProgress() {
    var rated = ratedCount();
    if (count && count.textContent !== String(rated)) {
      count.textContent = String(rated);
    }
    if (bar) {
      bar.value = rated;
    }
  }

  form.addEventListener("change", function (event) {
    dirty = true;
    if (event.target.matches('input[type="radio"]')) {
      showProgress();
    }
  });
  form.addEventListener("input", function () {
    dirty = true;
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // The browser may restore checked radios on Back: count what is really checked.
  showProgress();
})();
