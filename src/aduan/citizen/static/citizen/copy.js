/* Aduan: copy buttons on /lapor/terkirim/ (the tracking code and the secret link). Where the clipboard
   cannot be written, the text is selected so the person can copy it themselves. */
(function () {
  "use strict";

  var T = JSON.parse(document.getElementById("copy-text").textContent);
  var status = document.getElementById("copy-status");

  function select(el) {
    if (el.select) {
      el.focus();
      el.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallback(el) {
    select(el);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    status.textContent = copied ? T.copied : T.selectToCopy;
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var el = document.getElementById(button.dataset.copy);
      var text = el.tagName === "INPUT" ? el.value : el.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          status.textContent = T.copied;
        }, function () { fallback(el); });
      } else {
        fallback(el);
      }
    });
  });
})();
