// Poll a document job's JSON status and update its page until it is done or failed.
(function () {
  "use strict";
  var root = document.getElementById("batch-progress");
  if (!root) { return; }
  var url = root.dataset.statusUrl;
  function part(name) { return root.querySelector('[data-role="' + name + '"]'); }
  function show(name) { var el = part(name); if (el) { el.classList.remove("d-none"); } }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        part("status").textContent = data.status_display;
        part("done").textContent = data.done;
        part("bar").value = data.percent;
        part("bar").textContent = data.percent + "%";
        if (data.status === "done") {
          if (data.download_url && part("download")) {
            part("download").href = data.download_url;
          }
          show("download");
          show("sent");
          return;
        }
        if (data.status === "failed") {
          part("error").textContent = data.error;
          show("failed");
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (part("status") && ["done", "failed"].indexOf(root.dataset.state) === -1) { poll(); }
}());
