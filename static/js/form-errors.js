// When a form comes back with errors, move focus to the summary so screen readers read it
// and keyboard users start from the list of links to the fields. Without this script the
// summary is still announced (role="alert") and the page title starts with "Error:".
// It waits for "load" because the browser's jump to the form's #fragment moves focus.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
