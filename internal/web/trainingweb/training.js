// 法律培训: the study page's heartbeat and the exam paper's countdown.
// The server decides what counts (training/credit.go); the page only says
// whether it is in front and how long since the officer last touched it.
(function () {
  "use strict";
  var lastInput = Date.now();
  ["pointerdown", "keydown", "scroll", "touchstart", "input"].forEach(function (ev) {
    document.addEventListener(ev, function () { lastInput = Date.now(); }, { passive: true });
  });

  // A lesson's video playing in front, unmuted and at normal speed, is
  // study as input is; a video muted or fast-forwarded is not, and the
  // server's limits (credit.go) still hold: a page in the background, a
  // second tab, the course's minutes and the day's cap.
  document.querySelectorAll("video[data-material]").forEach(function (v) {
    v.addEventListener("timeupdate", function () {
      if (!v.paused && !v.muted && v.volume > 0 && v.playbackRate <= 1.25 && document.visibilityState === "visible") {
        lastInput = Date.now();
      }
    });
  });

  var study = document.getElementById("study");
  if (study) {
    var every = parseInt(study.getAttribute("data-every"), 10) || 30;
    var url = study.getAttribute("data-beat");
    var beat = function () {
      var body = new URLSearchParams();
      body.set("visible", document.visibilityState === "visible" ? "1" : "0");
      body.set("idle", String(Math.floor((Date.now() - lastInput) / 1000)));
      return fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.error) { document.getElementById("study-msg").textContent = p.error.message; return p; }
          document.getElementById("study-minutes").textContent = String(Math.floor(p.seconds / 60));
          document.getElementById("year-hours").textContent = (Math.floor(p.year_seconds * 10 / 2700) / 10).toFixed(1);
          document.getElementById("study-msg").textContent = p.message || ("本次计入" + p.credited + "秒");
          var bar = document.getElementById("study-bar");
          if (bar) { bar.value = p.seconds; }
          return p;
        });
    };
    window.zfjdBeat = beat;
    beat();
    setInterval(beat, every * 1000);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") { beat(); } });
  }

  var paper = document.getElementById("paper");
  if (paper && paper.getAttribute("data-left")) {
    var left = parseInt(paper.getAttribute("data-left"), 10);
    var shown = document.getElementById("countdown");
    var tick = function () {
      var m = Math.floor(left / 60), s = left % 60;
      shown.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left <= 0) {
        clearInterval(timer);
        paper.requestSubmit();
      }
      left--;
    };
    var timer = setInterval(tick, 1000);
    tick();
  }
})();
