// Fill 所在地 from 郵便番号 on the client form (only when 所在地 is still empty).
(function () {
  "use strict";
  var box = document.getElementById("client-form");
  if (!box) { return; }
  var postal = box.querySelector("[data-postal-lookup]");
  var address = box.querySelector("[data-postal-target]");
  var hint = document.getElementById("postal-hint");
  var template = box.getAttribute("data-postal-url");
  if (!postal || !address || !template) { return; }

  function toDigits(text) {
    return text.replace(/[０-９]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/\D/g, "");
  }

  // The page's language decides the words (the templates set <html lang>).
  var english = (document.documentElement.lang || "").indexOf("en") === 0;

  function lookup() {
    var digits = toDigits(postal.value);
    if (digits.length !== 7) { hint.textContent = ""; return; }
    fetch(template.replace("0000000", digits), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.found) { hint.textContent = data.message; return; }
        if (address.value.trim() === "") {
          address.value = data.address;
          hint.textContent = english
            ? "The address was filled in from the postal code. Add the block number and building."
            : "郵便番号から所在地を入力しました。番地・建物名を続けて入力してください。";
          address.focus();
        } else {
          hint.textContent = english
            ? "Address of the postal code: " + data.address + " (the address field was not changed)"
            : "郵便番号の住所: " + data.address + "（所在地は変更していません）";
        }
      })
      .catch(function () { hint.textContent = ""; });
  }

  postal.addEventListener("change", lookup);
})();
