// The admin fills the slug in from the title with its URLify(), which drops the point of
// "£1.2bn" and leaves "12bn", a figure ten times off. Amounts are made readable first, as
// articles/slugs.py does on the server: "1.2" becomes "1-2", and "3,500" becomes "3500".
(function () {
  "use strict";
  const urlify = window.URLify;
  if (typeof urlify !== "function") {
    return;
  }
  window.URLify = function (text, maxLength, allowUnicode) {
    const readable = String(text)
      .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
      .replace(/(\d)[.,\u00b7](?=\d)/g, "$1-");
    return urlify(readable, maxLength, allowUnicode);
  };
})();
