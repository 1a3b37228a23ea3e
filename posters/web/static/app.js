// posters web: small progressive enhancements. No inline script anywhere (the CSP forbids it).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: <button data-copy="ID"> copies the text of the element with that id.
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const text = source.value !== undefined ? source.value : source.textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch (_e) {
        source.select && source.select();
        document.execCommand && document.execCommand("copy");
      }
      button.textContent = "Copied";
    });
  });

  // Publish progress: poll the job until it is done or failed.
  const job = document.getElementById("job");
  if (job) {
    const bar = document.getElementById("progress");
    const state = document.getElementById("job-state");
    const poll = async () => {
      const res = await fetch(job.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) { state.textContent = "could not read the job (" + res.status + ")"; return; }
      const body = await res.json();
      bar.value = body.progress;
      bar.textContent = Math.round(body.progress * 100) + "%";
      state.textContent = body.state + " (" + Math.round(body.progress * 100) + "%)";
      if (body.state === "done") {
        document.getElementById("job-done").hidden = false;
      } else if (body.state === "failed") {
        const err = document.getElementById("job-error");
        err.textContent = body.error || "failed";
        err.hidden = false;
      } else {
        setTimeout(poll, 700);
      }
    };
    poll();
  }

  // Review page: j / k move between findings.
  const findings = Array.from(document.querySelectorAll("tr.finding"));
  if (findings.length) {
    document.addEventListener("keydown", (e) => {
      if (e.target.matches("input, textarea, select")) return;
      const i = findings.indexOf(document.activeElement);
      if (e.key === "j") { findings[Math.min(i + 1, findings.length - 1)].focus(); e.preventDefault(); }
      if (e.key === "k") { findings[Math.max(i - 1, 0)].focus(); e.preventDefault(); }
    });
  }
});
