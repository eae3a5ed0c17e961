// Search as you type: a <form method="get" data-live-search="results-id"> fetches its own
// page for the typed words, a moment after the typing stops, and puts the results the
// server sends back (the same markup as the page's, asked for with X-Results-Only) in
// place of the element with that id. The address bar follows, so a reload or a shared
// link shows the same search. Without this file the form is a plain GET form, as before.
(function () {
  "use strict";

  var WAIT_MS = 250;

  function addressOf(form) {
    var url = new URL(form.action, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    return url;
  }

  // The POST form around the rung choices keeps the search, so a refused submission
  // shows the same rungs again.
  function followPostForm(results, url) {
    var post = results.closest("form[method=post]");
    if (post) {
      var action = new URL(post.action, window.location.href);
      var text = url.searchParams.get("q") || "";
      action.search = text ? new URLSearchParams({ q: text }).toString() : "";
      post.action = action.pathname + action.search;
    }
  }

  // Links marked data-live-search-nav (the rung picker's roles) show as the current page
  // only the one that lists what is shown: without search words, the plain address.
  function followNav(url) {
    var bare = !url.searchParams.get("q");
    document.querySelectorAll("[data-live-search-nav] a").forEach(function (link) {
      if (bare && link.getAttribute("href") === url.pathname) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function enhance(form) {
    var results = document.getElementById(form.dataset.liveSearch);
    if (!results || !window.fetch || !window.URLSearchParams) {
      return;
    }
    var timer = null;
    var pending = null;
    var shown = addressOf(form).search;

    function load() {
      var url = addressOf(form);
      if (url.search === shown) {
        return;
      }
      if (pending) {
        pending.abort();
      }
      var request = new AbortController();
      pending = request;
      results.setAttribute("aria-busy", "true");
      fetch(url, { headers: { "X-Results-Only": "1" }, signal: request.signal })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          results.innerHTML = html;
          shown = url.search;
          followPostForm(results, url);
          followNav(url);
          window.history.replaceState(null, "", url.pathname + url.search + url.hash);
        })
        .catch(function () {
          // Aborted by a newer search, or the server is away: the Search button still works.
        })
        .finally(function () {
          if (pending === request) {
            pending = null;
            results.removeAttribute("aria-busy");
          }
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, WAIT_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  document.querySelectorAll("form[data-live-search]").forEach(enhance);
})();
