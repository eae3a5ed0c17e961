// Copy buttons: <button data-copy="input-id" hidden> copies that input's value. Without
// this file (or without a clipboard) the button stays hidden and the input, selectable
// and read-only, is copied by hand as before.
(function () {
  "use strict";

  var SHOWN_FOR_MS = 2500;

  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!input) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(input).then(
        function () {
          button.textContent = "Copied";
          if (status) {
            status.textContent = "Link copied to the clipboard.";
          }
          window.setTimeout(function () {
            button.textContent = label;
          }, SHOWN_FOR_MS);
        },
        function () {
          input.select();
          if (status) {
            status.textContent = "Could not copy: the link is selected, copy it with your keyboard.";
          }
        }
      );
    });
  });
})();
