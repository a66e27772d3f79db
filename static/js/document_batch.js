// Poll a document batch's JSON status and update the progress page until it is done or failed.
(function () {
  "use strict";
  var root = document.getElementById("batch-progress");
  if (!root) { return; }
  var url = root.dataset.statusUrl;
  function part(name) { return root.querySelector('[data-role="' + name + '"]'); }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        part("status").textContent = data.status_display;
        part("done").textContent = data.done;
        part("bar").value = data.percent;
        part("bar").textContent = data.percent + "%";
        if (data.status === "done" && data.download_url) {
          part("download").href = data.download_url;
          part("download").classList.remove("d-none");
          return;
        }
        if (data.status === "failed") {
          part("error").textContent = "作成に失敗しました（" + data.error + "）。もう一度作成してください。";
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
