// The review page, enhanced: arrow keys move between the grid's cells and the evidence note counts its characters.
// Without this script every part still works. A rating letter and a percentage are left as typed, never cleared behind
// the expert's back: when they contradict each other the server refuses the correction and says so next to both fields.
(function () {
  'use strict';

  // Arrow keys in the capability grid: from one cell link to its neighbour.
  var grid = document.getElementById('grid');
  if (grid) {
    grid.addEventListener('keydown', function (event) {
      var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      var move = moves[event.key];
      var cell = event.target.closest && event.target.closest('td');
      if (!move || !cell || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var row = cell.parentElement;
      var rows = Array.prototype.slice.call(grid.tBodies[0].rows);
      var target = rows[rows.indexOf(row) + move[0]];
      var next = target && target.cells[cell.cellIndex + move[1]];
      var link = next && next.querySelector('a');
      if (link) {
        event.preventDefault();
        link.focus();
      }
    });
  }

  // The evidence note: characters left, in the hint the field is described by.
  var note = document.getElementById('note');
  var hint = document.getElementById('note-hint');
  if (note && hint) {
    var max = Number(note.getAttribute('maxlength')) || 2000;
    var counter = document.createElement('span');
    hint.appendChild(document.createTextNode(' '));
    hint.appendChild(counter);
    var update = function () {
      counter.textContent = (max - note.value.length) + ' ' + (hint.dataset.left || 'characters left') + '.';
    };
    note.addEventListener('input', update);
    update();
  }
})();
