// The project manager's pages, enhanced: every form works without this script.
(function () {
  'use strict';

  // New procurement: the alert-level list offers only the chosen profile's levels, and its targets table opens.
  var select = document.getElementById('activeAlertLevel');
  var radios = document.querySelectorAll('input[type=radio][name=profileId]');
  function followProfile() {
    var chosen = document.querySelector('input[type=radio][name=profileId]:checked');
    if (!select || !chosen) { return; }
    var selected = select.options[select.selectedIndex];
    var firstOfChosen = null;
    Array.prototype.forEach.call(select.querySelectorAll('optgroup[data-profile]'), function (group) {
      var on = group.getAttribute('data-profile') === chosen.value;
      group.disabled = !on;
      group.hidden = !on;
      if (on && !firstOfChosen) { firstOfChosen = group.querySelector('option'); }
    });
    if (!selected || selected.parentNode.disabled) {
      if (firstOfChosen) { firstOfChosen.selected = true; }
    }
    Array.prototype.forEach.call(document.querySelectorAll('details.targets[data-profile]'), function (details) {
      if (details.getAttribute('data-profile') === chosen.value) { details.open = true; }
    });
  }
  Array.prototype.forEach.call(radios, function (radio) { radio.addEventListener('change', followProfile); });
  followProfile();

  // A form sent back with messages: the first field to correct gets the focus.
  var invalid = document.querySelector('form [aria-invalid="true"]');
  if (invalid) { invalid.focus(); }

  // Actions that cannot be undone ask first (the button's form carries the question).
  Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
    });
  });
})();
