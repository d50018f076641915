// A report job's page updates itself: it asks the job's API address every two seconds (the
// session signs the request) and moves the progress bar until the file is ready.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var texts = document.getElementById("job-texts").content.firstElementChild.dataset;
  var bar = document.getElementById("progress");
  var status = document.getElementById("job-status");
  var link = document.getElementById("job-download");
  function show(job) {
    bar.value = Math.round(job.progress * 100);
    bar.textContent = bar.value + " %";
    if (job.status === "succeeded") {
      status.textContent = texts.ready;
      link.hidden = false;
    } else if (job.status === "failed") {
      status.textContent = texts.failed + " " + job.error;
    } else {
      status.textContent = texts.progress.replace("{done}", job.done).replace("{total}", job.total);
    }
    return job.status === "succeeded" || job.status === "failed";
  }
  function poll() {
    fetch(box.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) { if (!job || !show(job)) { window.setTimeout(poll, 2000); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (box.dataset.status !== "succeeded" && box.dataset.status !== "failed") { poll(); }
})();
