// The what-if panel, live: each change of a target asks POST /api/gap (DESIGN §2.4) for the verified ratings of the
// grid (data-pa, data-cf, data-percent on its cells — a number, or "NA" for a not-applicable cell; absent cells are N) against the profile's active alert level with
// the targets as typed, and shows the points in the panel's aria-live region. Without script the form is sent to the page.
(function () {
  'use strict';

  var form = document.getElementById('whatif-form');
  var grid = document.getElementById('grid');
  if (!form || !grid || !window.fetch) {
    return;
  }
  var alertLevel = form.dataset.alertLevel;
  var responsibilities = JSON.parse(form.dataset.responsibilities || '{}');
  var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type=number][data-pa]'));
  var timer = null;
  var asked = 0;

  function ratings() {
    var byArea = {};
    grid.querySelectorAll('td[data-percent]').forEach(function (cell) {
      var area = byArea[cell.dataset.pa] || (byArea[cell.dataset.pa] = {});
      area[cell.dataset.cf] = cell.dataset.percent === 'NA' ? 'NA' : Number(cell.dataset.percent);
    });
    return byArea;
  }

  // The typed targets, or null when one is not a level 0..5 (that field is marked).
  function targets() {
    var result = {};
    var valid = true;
    inputs.forEach(function (input) {
      var text = input.value.trim();
      var ok = /^[0-5]$/.test(text);
      if (ok) {
        result[input.dataset.pa] = Number(text);
        input.removeAttribute('aria-invalid');
      } else {
        input.setAttribute('aria-invalid', 'true');
        valid = false;
      }
    });
    return valid ? result : null;
  }

  function show(id, value) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = String(value);
    }
  }

  function status(message, isError) {
    var element = document.getElementById('whatif-status');
    if (element) {
      element.textContent = message;
      element.className = isError ? 'field-error' : 'visually-hidden';
    }
  }

  function recompute() {
    var typed = targets();
    if (!typed) {
      status(form.dataset.invalid, true);
      return;
    }
    var question = {
      profile: { alertLevels: [alertLevel], targets: {}, responsibilities: responsibilities },
      ratings: ratings(),
    };
    question.profile.targets[alertLevel] = typed;
    var mine = ++asked;
    fetch('/api/gap', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(question),
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('gap ' + response.status);
      }
      return response.json();
    }).then(function (answer) {
      if (mine !== asked) {
        return; // a newer question is on its way
      }
      var variant = answer.variants[0];
      show('whatif-missing', variant.missingPoints);
      show('whatif-exceeding', variant.exceedingPoints);
      Object.keys(variant.missingByActor).forEach(function (actor) {
        show('whatif-' + actor, variant.missingByActor[actor]);
      });
      variant.processAreas.forEach(function (area) {
        show('whatif-missing-' + area.id, area.missing.length);
      });
      status('', false);
    }).catch(function () {
      if (mine === asked) {
        status(form.dataset.failed, true);
      }
    });
  }

  form.addEventListener('input', function (event) {
    if (event.target.matches('input[type=number][data-pa]')) {
      clearTimeout(timer);
      timer = setTimeout(recompute, 250);
    }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    recompute();
  });
})();
