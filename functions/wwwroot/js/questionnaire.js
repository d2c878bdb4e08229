// The supplier's questionnaire (Pages/Supplier): autosave through the questionnaire API, with the ETag the page
// was rendered with. The page works fully without this script; it only saves sooner and tells the supplier so.
(function () {
  'use strict';

  var printButton = document.querySelector('[data-print]');
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener('click', function () { window.print(); });
  }

  var form = document.getElementById('answers');
  if (!form || !window.fetch || !window.Promise) {
    return;
  }
  var status = document.getElementById('save-status');
  var etagField = form.querySelector('input[name="etag"]');
  var lang = document.documentElement.lang || 'en';
  var DELAY = 800;

  var pending = {};
  var hasPending = false;
  var timer = null;
  var inFlight = null;
  var stale = false;
  var resubmitting = false;

  function question(name) {
    var box = document.getElementById('question-' + name);
    return box && box.getAttribute('data-question') === name ? box : null;
  }

  // A question's current value as the API takes it: scale → number, choice and text → string, empty → null.
  function valueOf(name) {
    var box = question(name);
    var field = form.elements.namedItem(name);
    if (!box || !field) {
      return undefined;
    }
    var raw = field.value;
    if (raw === undefined || raw === null || raw.trim() === '') {
      return null;
    }
    if (raw === 'NA' && box.hasAttribute('data-na')) {
      // "Not applicable", with the justification typed beside it (DESIGN §2.2 rule 9).
      var why = form.elements.namedItem(name + '.na');
      return { notApplicable: why ? why.value : '' };
    }
    return box.getAttribute('data-kind') === 'scale' ? Number(raw) : raw;
  }

  function show(text, failed) {
    status.textContent = text;
    status.classList.toggle('failed', !!failed);
  }

  function now() {
    return new Date().toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  }

  function isAnswered(box) {
    var kind = box.getAttribute('data-kind');
    if (kind === 'evidence') {
      return Number(box.getAttribute('data-files') || '0') > 0;
    }
    var field = form.elements.namedItem(box.getAttribute('data-question'));
    return !!field && typeof field.value === 'string' && field.value.trim() !== '';
  }

  // The current topic's counts come from the form as saved; the overall bar from the server's progressPercent.
  function updateProgress(percent) {
    var topic = form.getAttribute('data-topic');
    var item = document.querySelector('.q-topics li[data-topic="' + topic + '"]');
    if (item) {
      var boxes = document.querySelectorAll('.question[data-required="true"]');
      var answered = 0;
      Array.prototype.forEach.call(boxes, function (box) { if (isAnswered(box)) { answered += 1; } });
      var required = Number(item.getAttribute('data-required'));
      item.setAttribute('data-answered', String(answered));
      item.querySelector('.t-answered').textContent = String(answered);
      item.classList.toggle('complete', answered >= required);
      item.querySelector('.t-done').hidden = answered < required;
    }
    var total = 0;
    Array.prototype.forEach.call(document.querySelectorAll('.q-topics li[data-topic]'), function (li) {
      total += Number(li.getAttribute('data-answered'));
    });
    var count = document.getElementById('answered-count');
    if (count) {
      count.textContent = String(total);
    }
    var bar = document.getElementById('overall-progress');
    if (bar && typeof percent === 'number') {
      bar.value = percent;
      bar.textContent = percent + ' %';
    }
  }

  function clearFieldErrors(names) {
    names.forEach(function (name) {
      var box = question(name);
      var error = box && box.querySelector('.field-error[data-js]');
      if (error) {
        error.remove();
        box.classList.remove('has-error');
      }
    });
  }

  function showFieldErrors(errors) {
    Object.keys(errors || {}).forEach(function (name) {
      var box = question(name);
      if (!box) {
        return;
      }
      var error = box.querySelector('.field-error[data-js]');
      if (!error) {
        error = document.createElement('p');
        error.className = 'field-error';
        error.setAttribute('data-js', '');
        error.id = 'q-' + name + '-js-error';
        var group = box.querySelector('fieldset, textarea');
        var anchor = box.querySelector('legend, label');
        anchor.insertAdjacentElement('afterend', error);
        if (group) {
          var described = (group.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
          if (described.indexOf(error.id) < 0) {
            described.unshift(error.id);
            group.setAttribute('aria-describedby', described.join(' '));
          }
        }
      }
      error.textContent = [].concat(errors[name]).join(' ');
      box.classList.add('has-error');
    });
  }

  function merge(values) {
    Object.keys(values).forEach(function (name) {
      if (!(name in pending)) {
        pending[name] = values[name];
        hasPending = true;
      }
    });
  }

  function problemOf(response) {
    return response.json().catch(function () { return {}; }).then(function (problem) {
      return problem || {};
    });
  }

  // Sends what changed since the last save; resolves when the answers on the server match the page (or cannot).
  function flush() {
    window.clearTimeout(timer);
    timer = null;
    if (inFlight) {
      return inFlight.then(flush);
    }
    if (!hasPending || stale) {
      return Promise.resolve();
    }
    var sent = pending;
    pending = {};
    hasPending = false;
    show(status.getAttribute('data-saving'));
    inFlight = fetch(form.getAttribute('data-api') + '/answers', {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'If-Match': form.getAttribute('data-etag') },
      body: JSON.stringify({ answers: sent })
    }).then(function (response) {
      if (response.ok) {
        var etag = response.headers.get('ETag');
        if (etag) {
          form.setAttribute('data-etag', etag);
          etagField.value = etag;
        }
        clearFieldErrors(Object.keys(sent));
        return response.json().then(function (body) {
          updateProgress(body.progressPercent);
          show(status.getAttribute('data-saved').replace('{time}', now()));
        });
      }
      return problemOf(response).then(function (problem) {
        if (response.status === 412) {
          pause();
          return;
        }
        merge(sent);
        showFieldErrors(problem.errors);
        var messages = Object.keys(problem.errors || {}).map(function (name) { return [].concat(problem.errors[name]).join(' '); });
        show([problem.title || ('HTTP ' + response.status)].concat(messages).join(' '), true);
      });
    }, function () {
      merge(sent);
      show(status.getAttribute('data-offline'), true);
    }).then(function () {
      inFlight = null;
    });
    return inFlight;
  }

  // Another tab or person saved first (412): answering into this stale page would only be lost, so the topic's
  // fields are disabled until the supplier reloads, or sends the form to compare its answers with the saved ones
  // (the server shows both, keeping what was typed; issue 12).
  function pause() {
    stale = true;
    show(status.getAttribute('data-stale'), true);
    var fields = Array.prototype.filter.call(form.elements, function (field) { return field.type !== 'hidden'; });
    fields.forEach(function (field) { field.disabled = true; });
    var topic = form.closest('.q-topic');
    if (topic) {
      topic.classList.add('conflict');
    }
    var actions = document.createElement('span');
    actions.className = 'status-actions';
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = status.getAttribute('data-reload');
    reload.addEventListener('click', function () { window.location.reload(); });
    var compare = document.createElement('button');
    compare.type = 'button';
    compare.className = 'secondary';
    compare.textContent = status.getAttribute('data-compare');
    compare.addEventListener('click', function () {
      fields.forEach(function (field) { field.disabled = false; });
      resubmitting = true;
      form.submit();
    });
    actions.appendChild(reload);
    actions.appendChild(compare);
    status.appendChild(document.createTextNode(' '));
    status.appendChild(actions);
    reload.focus();
  }

  function changed(event) {
    var target = event.target;
    // The justification of an N/A answer ("{question}.na") saves its question.
    var name = target && target.name && /\.na$/.test(target.name) ? target.name.slice(0, -3) : target && target.name;
    if (stale || !target || target.form !== form || !name || !question(name)) {
      return;
    }
    if (name !== target.name && valueOf(name) === null) {
      return; // a justification typed before "not applicable" is picked: nothing to save yet
    }
    pending[name] = valueOf(name);
    hasPending = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(flush, DELAY);
  }

  document.addEventListener('change', changed);
  document.addEventListener('input', function (event) {
    if (event.target && event.target.tagName === 'TEXTAREA') {
      changed(event);
    }
  });

  function busy() {
    return hasPending || !!inFlight;
  }

  // Leaving the topic, saving by button or uploading a file: send what autosave still holds first.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[href]');
    if (!link || !busy() || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    flush().then(function () { window.location.href = link.href; });
  });

  document.addEventListener('submit', function (event) {
    var target = event.target;
    if (resubmitting || !busy() || stale) {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || null;
    flush().then(function () {
      resubmitting = true;
      if (target.requestSubmit) {
        target.requestSubmit(submitter && submitter.form === target ? submitter : undefined);
      } else {
        target.submit();
      }
    });
  });

  // Reloading or closing the tab before the last change is saved: let the browser ask first. (A save sent while
  // leaving would land after the next page was read, and make that page stale.)
  window.addEventListener('beforeunload', function (event) {
    if (busy() && !stale && !resubmitting) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
}());
