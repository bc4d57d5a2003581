// Ricerca nel sito, sulla pagina ricerca/: legge l'indice costruito con il sito
// (ricerca/indice.js, per elasticlunr.js) e mostra i risultati mentre si scrive, annunciandone il
// numero ai lettori di schermo. Funziona anche aprendo il sito da una cartella. Senza JavaScript
// la pagina mostra gli elenchi che portano a ogni contenuto.
(function () {
  'use strict';
  var form = document.getElementById('ricerca');
  var field = document.getElementById('campo-ricerca');
  var status = document.getElementById('esito-ricerca');
  var list = document.getElementById('risultati-ricerca');
  var data = window.indiceRicerca;
  if (!form || !field || !status || !list || !data || !window.elasticlunr) return;

  var MOST_SHOWN = 50;
  var separator = /[^\p{L}\p{N}]+/u;
  var left = new Set(data.paroleVuote);
  elasticlunr.tokenizer.setSeperator(separator);
  var index = elasticlunr.Index.load(data.indice);
  var root = form.getAttribute('data-radice') || '';
  var fromDisk = location.protocol === 'file:';

  // Come l'indice: minuscole, senza accenti, senza le parole troppo comuni.
  function words(text) {
    return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(separator)
      .filter(function (word) { return word && !left.has(word); });
  }

  // Da una cartella, l'indirizzo di una pagina è il suo index.html.
  function address(page, anchor) {
    var url = root + page;
    if (fromDisk && (url === '' || url.slice(-1) === '/')) url += 'index.html';
    return anchor ? url + '#' + anchor : url;
  }

  // Ogni parola cercata deve esserci, per intero o come inizio di una parola (da tre lettere).
  function find(query) {
    var found = null;
    query.forEach(function (word) {
      var fields = { titolo: { boost: 3 }, testo: { boost: 1 } };
      var scores = {};
      index.search(word, { fields: fields, expand: word.length >= 3 }).forEach(function (result) {
        scores[result.ref] = result.score;
      });
      if (found === null) {
        found = scores;
      } else {
        Object.keys(found).forEach(function (ref) {
          if (ref in scores) found[ref] += scores[ref]; else delete found[ref];
        });
      }
    });
    return Object.keys(found || {}).sort(function (a, b) { return found[b] - found[a] || a - b; });
  }

  function show() {
    var text = field.value.trim();
    var query = words(text);
    list.textContent = '';
    if (!query.length) {
      status.textContent = text ? 'Scrivere parole più specifiche.' : '';
      return;
    }
    var found = find(query);
    found.slice(0, MOST_SHOWN).forEach(function (ref) {
      var result = data.risultati[ref];
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = address(data.pagine[result[1]], result[2]);
      link.textContent = result[0];
      var context = document.createElement('span');
      context.className = 'nota';
      context.textContent = data.contesti[result[3]];
      item.append(link, document.createElement('br'), context);
      list.append(item);
    });
    var count = found.length === 1 ? '1 risultato' : found.length + ' risultati';
    status.textContent = found.length === 0
      ? 'Nessun risultato per «' + text + '».'
      : count + ' per «' + text + '»' + (found.length > MOST_SHOWN ? ', mostrati i primi ' + MOST_SHOWN : '') + '.';
  }

  var pending;
  field.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(show, 250);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(pending);
    show();
    try { history.replaceState(null, '', '?q=' + encodeURIComponent(field.value.trim())); } catch (e) { /* da una cartella */ }
  });
  var asked = new URLSearchParams(location.search).get('q');
  if (asked) {
    field.value = asked;
    show();
  }
})();
