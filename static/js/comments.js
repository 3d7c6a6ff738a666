/* A link to #comment-<id> may name a comment that is on another page of this article's
   comments (links shared before the comments grew past a page, say). The page works without
   this script; with it, the reader is sent to the comment's permalink, which redirects to the
   right page. Tried once per comment, so a comment that is no longer shown cannot loop. */
(function () {
  "use strict";
  var match = /^#comment-(\d+)$/.exec(window.location.hash);
  var section = document.getElementById("comments");
  if (!match || !section || document.getElementById("comment-" + match[1])) {
    return;
  }
  var pattern = section.getAttribute("data-comment-permalink");
  var key = "comment-jump-" + match[1];
  try {
    if (window.sessionStorage.getItem(key)) {
      return;
    }
    window.sessionStorage.setItem(key, "1");
  } catch (e) {
    return; /* No storage, no loop guard: stay put. */
  }
  window.location.replace(pattern.replace("/0/", "/" + match[1] + "/"));
})();
