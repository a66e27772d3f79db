/* Copy buttons: <button data-copy-target="id"> copies the text of the element #id.
   Uses navigator.clipboard when available (HTTPS or localhost), else a hidden textarea. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-fallback";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function announce(button, message) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (status) { status.textContent = message; }
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = message;
    window.setTimeout(function () { button.textContent = original; }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    // The page's language decides the words (the templates set <html lang>).
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    copyText(source.textContent).then(
      function () { announce(button, english ? "Copied" : "コピーしました"); },
      function () {
        announce(button, english ? "Could not copy: select the text and copy it"
                                 : "コピーできませんでした。文章を選択してコピーしてください");
      }
    );
  });
})();
