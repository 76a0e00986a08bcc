// evidence serve: listening, reviewing and flagging on the call page. Plain JavaScript, no libraries.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (!player) return;
  const flags = Array.from(document.querySelectorAll(".flag"));
  const lines = Array.from(document.querySelectorAll(".line"));
  const addForm = document.getElementById("addflag");
  let current = flags.findIndex((f) => f.classList.contains("current"));

  function seek(seconds) {
    const t = Math.max(0, parseFloat(seconds) || 0);
    const go = () => { player.currentTime = t; const p = player.play(); if (p && p.catch) p.catch(() => {}); };
    if (player.readyState >= 1) go(); else player.addEventListener("loadedmetadata", go, { once: true });
  }

  function select(i, play) {
    if (!flags.length) return;
    current = (i + flags.length) % flags.length;
    flags.forEach((f, n) => f.classList.toggle("current", n === current));
    const f = flags[current];
    f.scrollIntoView({ block: "nearest" });
    document.querySelectorAll(".w.active").forEach((w) => w.classList.remove("active"));
    document.querySelectorAll(".w[data-flags]").forEach((w) => {
      if (w.dataset.flags.split(" ").includes(f.dataset.flag)) w.classList.add("active");
    });
    if (play) seek(f.dataset.start);
  }

  document.addEventListener("click", (ev) => {
    const target = ev.target;
    const seekBtn = target.closest("[data-seek]");
    if (seekBtn) {
      const li = seekBtn.closest(".flag");
      if (li) select(flags.indexOf(li), false);
      seek(seekBtn.dataset.seek);
      return;
    }
    const edit = target.closest("[data-edit]");
    if (edit) {
      const form = edit.parentElement.querySelector("form.correct");
      form.hidden = !form.hidden;
      if (!form.hidden) form.querySelector("input[name=text]").focus();
      return;
    }
    const text = target.closest(".line .text");
    if (text && window.getSelection().isCollapsed) {
      const word = target.closest(".w[data-flags]");
      if (word) {
        const li = document.getElementById("flag-" + word.dataset.flags.split(" ")[0]);
        if (li) { select(flags.indexOf(li), true); return; }
      }
      seek(text.closest(".line").dataset.start);
    }
  });

  // Select words in the transcript to add a flag the machine missed.
  function pickedWords() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return [];
    return Array.from(document.querySelectorAll(".transcript .w")).filter((w) => sel.containsNode(w, true));
  }
  function offerFlag() {
    if (!addForm) return;
    const words = pickedWords();
    if (!words.length) return;
    const start = Math.min(...words.map((w) => parseFloat(w.dataset.s)));
    const end = Math.max(...words.map((w) => parseFloat(w.dataset.e)));
    addForm.querySelector("#addstart").value = start.toFixed(3);
    addForm.querySelector("#addend").value = end.toFixed(3);
    addForm.querySelector("#picked").textContent = words.map((w) => w.textContent).join("");
    addForm.querySelector("#pickedtime").textContent = start.toFixed(1) + "–" + end.toFixed(1) + " s";
    addForm.hidden = false;
  }
  let pending = null;
  document.addEventListener("selectionchange", () => {
    clearTimeout(pending);
    pending = setTimeout(offerFlag, 150);
  });
  const cancel = document.getElementById("addcancel");
  if (cancel) cancel.addEventListener("click", () => { addForm.hidden = true; window.getSelection().removeAllRanges(); });

  // Follow the player in the transcript.
  player.addEventListener("timeupdate", () => {
    const t = player.currentTime;
    lines.forEach((l) => l.classList.toggle("playing", t >= parseFloat(l.dataset.start) && t < parseFloat(l.dataset.end)));
  });

  // Keyboard: space play/pause, j/k next/previous flag, c/d confirm/dismiss the current flag.
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || ev.target.isContentEditable) return;
    if (ev.key === " ") {
      ev.preventDefault();
      if (player.paused) { const p = player.play(); if (p && p.catch) p.catch(() => {}); } else player.pause();
    } else if (ev.key === "j") {
      select(current + 1, true);
    } else if (ev.key === "k") {
      select(current < 0 ? flags.length - 1 : current - 1, true);
    } else if ((ev.key === "c" || ev.key === "d") && current >= 0) {
      const btn = flags[current].querySelector(ev.key === "c" ? "button.confirm" : "button.dismiss");
      if (btn) btn.click();
    }
  });

  if (current >= 0) select(current, false);
})();
