// Aperto da una cartella (file://), il browser mostra l'elenco dei file di una cartella invece
// della sua pagina: i collegamenti interni e il modulo di ricerca vanno allora ai loro index.html.
(function () {
  'use strict';
  if (location.protocol !== 'file:') return;
  document.querySelectorAll('a[href]').forEach(function (link) {
    var href = link.getAttribute('href');
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === '#') return;
    var parts = href.split('#');
    if (parts[0] === '' && href !== '') return;
    if (parts[0] === '' || parts[0].slice(-1) === '/') {
      parts[0] += 'index.html';
      link.setAttribute('href', parts.join('#'));
    }
  });
  document.querySelectorAll('form[action$="/"]').forEach(function (form) {
    form.setAttribute('action', form.getAttribute('action') + 'index.html');
  });
})();
