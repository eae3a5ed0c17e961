// Plan step states without a page reload. Each state is a small form (data-plan-state) that
// the step's buttons submit; without this file they post and come back to the page. Here the
// post goes by fetch, asking for JSON, and the page updates the step's buttons and figures.
// A button's state is its form's (plan-state-<state>); aria-pressed alone draws it.
(function () {
  "use strict";

  var FORM_PREFIX = "plan-state-";

  var status = document.querySelector("[data-progress-status]");

  function show(key, state) {
    var selector = '.step-state[data-step="' + CSS.escape(key) + '"] button';
    document.querySelectorAll(selector).forEach(function (button) {
      var pressed = button.getAttribute("form") === FORM_PREFIX + state;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
    });
  }

  function figures(data) {
    document.querySelectorAll("[data-progress]").forEach(function (element) {
      var name = element.dataset.progress;
      if (!(name in data)) {
        return;
      }
      var value = data[name];
      if (name === "projected_pct") {
        value = value === null ? "–" : value + "%";
      }
      if (value !== null) {
        element.textContent = value;
      }
    });
  }

  function post(form, button) {
    var body = new FormData(form);
    body.append(button.name, button.value);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error((data.errors || []).join(" ") || "Not saved.");
        }
        return data;
      });
    });
  }

  document.querySelectorAll("form[data-plan-state]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch || form.dataset.plain) {
        return;
      }
      event.preventDefault();
      post(form, button)
        .then(function (data) {
          show(data.step, data.state);
          figures(data);
          if (status) {
            status.textContent = data.message;
          }
        })
        .catch(function () {
          // Let the browser post it the plain way: the page then says what went wrong.
          form.dataset.plain = "1";
          form.requestSubmit(button);
        });
    });
  });
})();
