// The readiness range while rating, computed exactly as scoring.readiness_range() does
// (DESIGN.md §9). requirements: [[skill, level, importance, name], ...]; ratings: an object
// of skill -> 0-5 (a missing skill or null is unrated). Integer sums, then one division,
// as in Python, so both give the same floats.
(function (root) {
  "use strict";

  var READY_THRESHOLD = 80;
  var BLOCKING_IMPORTANCE = 4;
  var BLOCKING_GAP = 2;

  function readinessRange(requirements, ratings) {
    var possible = 0;
    var achieved = 0;
    var unratedPossible = 0;
    var rated = 0;
    var blocking = [];
    var couldBlock = false;
    requirements.forEach(function (requirement) {
      var skill = requirement[0];
      var level = requirement[1];
      var importance = requirement[2];
      var weight = importance * level;
      possible += weight;
      var rating = Object.prototype.hasOwnProperty.call(ratings, skill) ? ratings[skill] : null;
      if (rating === null || rating === undefined) {
        unratedPossible += weight;
        couldBlock = couldBlock || (importance >= BLOCKING_IMPORTANCE && level >= BLOCKING_GAP);
        return;
      }
      rated += 1;
      achieved += importance * Math.min(rating, level);
      if (importance >= BLOCKING_IMPORTANCE && level - rating >= BLOCKING_GAP) {
        blocking.push(skill);
      }
    });
    var low = possible ? (100 * achieved) / possible : 100;
    var high = possible ? (100 * (achieved + unratedPossible)) / possible : 100;
    var settled = null;
    if (blocking.length || high < READY_THRESHOLD) {
      settled = "not ready";
    } else if (low >= READY_THRESHOLD && !couldBlock) {
      settled = "ready";
    }
    return {
      rated: rated,
      total: requirements.length,
      low: low,
      high: high,
      settled: settled,
      blocking: blocking,
    };
  }

  // Halves up, as scoring.round_percent(): 62.5 -> 63.
  function roundPercent(value) {
    return Math.floor(value + 0.5);
  }

  root.SkillGap = root.SkillGap || {};
  root.SkillGap.readinessRange = readinessRange;
  root.SkillGap.roundPercent = roundPercent;
})(window);
