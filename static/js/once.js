/* Once: a POST form is sent once. After the first submit its submit buttons are disabled
   (the pressed button's name and value are kept in a hidden input, since a disabled button is
   not sent), and a second submit is ignored. The server refuses a second POST anyway
   (office/once.py); this spares the user the wait and the doubt.
   A form that answers with a download leaves the page in place: its buttons come back after
   a few seconds, and when the page is shown again from the back/forward cache.
   Opt out with data-once="off" on the form. */
(function () {
  "use strict";

  var RELEASE_AFTER_MS = 8000;

  function buttons(form) {
    var inside = Array.prototype.slice.call(
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
    );
    if (form.id) {
      inside = inside.concat(Array.prototype.slice.call(
        document.querySelectorAll("[form='" + form.id + "'][type=submit]")
      ));
    }
    return inside;
  }

  function keepSubmitter(form, submitter) {
    if (!submitter || !submitter.name) { return; }
    var kept = document.createElement("input");
    kept.type = "hidden";
    kept.name = submitter.name;
    kept.value = submitter.value;
    kept.setAttribute("data-once-kept", "");
    form.appendChild(kept);
  }

  function release(form) {
    delete form.dataset.onceSent;
    form.removeAttribute("aria-busy");
    buttons(form).forEach(function (button) { button.disabled = false; });
    Array.prototype.forEach.call(form.querySelectorAll("[data-once-kept]"), function (kept) {
      kept.remove();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
    if (form.dataset.once === "off") { return; }
    if (form.dataset.onceSent) {
      event.preventDefault();
      return;
    }
    // Listeners on the form itself ran first (this one sits on the document): respect them.
    if (event.defaultPrevented) { return; }
    form.dataset.onceSent = "1";
    form.setAttribute("aria-busy", "true");
    // The entry list is built after this event: a button disabled now is not sent, its
    // name and value go in a hidden input instead.
    keepSubmitter(form, event.submitter);
    buttons(form).forEach(function (button) { button.disabled = true; });
    window.setTimeout(function () { release(form); }, RELEASE_AFTER_MS);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-once-sent]"), release);
  });
})();
