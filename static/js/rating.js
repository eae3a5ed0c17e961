// Rating form: recompute the readiness range and the step's progress as the person rates,
// and warn before leaving with unsaved changes. The form works without this file: the
// server shows the same range after every save.
(function () {
  "use strict";

  var form = document.querySelector("[data-rating-form]");
  if (!form) {
    return;
  }
  var dataNode = document.getElementById("range-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : null;
  var panel = document.querySelector("[data-range-panel]");
  var dirty = false;

  function stepRatings() {
    var ratings = Object.assign({}, data.ratings);
    form.querySelectorAll("[data-rating-item]").forEach(function (item) {
      var checked = item.querySelector('input[type="radio"]:checked');
      if (checked) {
        ratings[item.getAttribute("data-skill")] = Number(checked.value);
      }
    });
    return ratings;
  }

  // At most five names, then "and 3 more", as rating_page.MAX_BLOCKING_NAMES.
  var MAX_BLOCKING_NAMES = 5;

  function someNames(words) {
    if (words.length > MAX_BLOCKING_NAMES) {
      var more = words.length - MAX_BLOCKING_NAMES;
      return words.slice(0, MAX_BLOCKING_NAMES).join(", ") + " and " + more + " more";
    }
    if (words.length === 1) {
      return words[0];
    }
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  // The same words as rating_page.py writes.
  function verdict(range) {
    if (range.settled === "ready") {
      return "Ready for this rung whatever the rest.";
    }
    if (range.settled === null) {
      return "Not settled yet: it depends on the skills still unrated.";
    }
    if (range.blocking.length) {
      var names = {};
      data.requirements.forEach(function (r) {
        names[r[0]] = r[3];
      });
      var skills = range.blocking.map(function (skill) {
        return names[skill];
      });
      var verb = skills.length === 1 ? "is" : "are";
      return "Not ready for this rung whatever the rest: " + someNames(skills) + " " + verb + " blocking.";
    }
    return (
      "Not ready for this rung whatever the rest: readiness can reach " +
      SkillGap.roundPercent(range.high) +
      "% at most."
    );
  }

  function setText(node, text) {
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
  }

  function showRange() {
    if (!data || !panel || !window.SkillGap) {
      return;
    }
    var range = SkillGap.readinessRange(data.requirements, stepRatings());
    var low = SkillGap.roundPercent(range.low);
    var high = SkillGap.roundPercent(range.high);
    var figure = panel.querySelector("[data-range-figure]");
    var strong = function (pct) {
      var node = document.createElement("strong");
      node.textContent = pct + "%";
      return node;
    };
    var wanted = low === high ? low + "%" : "Between " + low + "% and " + high + "%";
    if (figure && figure.textContent.trim() !== wanted) {
      figure.textContent = "";
      if (low === high) {
        figure.appendChild(strong(low));
      } else {
        figure.append("Between ", strong(low), " and ", strong(high));
      }
    }
    setText(panel.querySelector("[data-range-verdict]"), verdict(range));
    setText(panel.querySelector("[data-range-rated]"), String(range.rated));
    panel.classList.remove("range-open", "range-ready", "range-not-ready");
    panel.classList.add("range-" + (range.settled ? range.settled.replace(" ", "-") : "open"));
  }

  form.addEventListener("change", function (event) {
    dirty = true;
    if (event.target.matches('input[type="radio"]')) {
      showRange();
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
  // The browser may restore checked radios on Back: show the range of what is checked.
  showRange();
})();
