// 码上监督: the proof of work of supervision-v1 §3, solved in the page
// before the complaint form is sent (no outside service, no CDN). It finds
// a nonce such that SHA-256(challenge + ":" + nonce) starts with the
// challenge's number of zero bits.
(function () {
  "use strict";
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Array(64);
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  // sha256 of an ASCII string; returns the first word of the digest and the second (enough for ≤ 64 bits).
  function sha256(s) {
    var n = s.length, words = ((n + 9 + 63) >> 6) << 4, m = new Array(words), i;
    for (i = 0; i < words; i++) m[i] = 0;
    for (i = 0; i < n; i++) m[i >> 2] |= (s.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8);
    m[n >> 2] |= 0x80 << (24 - (n % 4) * 8);
    m[words - 1] = n * 8;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a, h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var b = 0; b < words; b += 16) {
      var a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t;
      for (t = 0; t < 64; t++) {
        if (t < 16) W[t] = m[b + t] | 0;
        else {
          var x = W[t - 15], y = W[t - 2];
          W[t] = ((rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + W[t - 7] + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + W[t - 16]) | 0;
        }
        var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return [h0 >>> 0, h1 >>> 0];
  }
  function zeros(w) {
    if (w[0] !== 0) return Math.clz32(w[0]);
    return 32 + Math.clz32(w[1]);
  }
  function solve(challenge, difficulty) {
    for (var i = 0; ; i++) {
      if (zeros(sha256(challenge + ":" + i)) >= difficulty) return String(i);
    }
  }
  var print = document.getElementById("print-receipt");
  if (print) print.addEventListener("click", function () { window.print(); });
  var form = document.getElementById("complaint-form");
  if (!form) return;
  var status = document.getElementById("pow-status");
  var busy = false;
  form.addEventListener("submit", function (ev) {
    if (form.elements.nonce.value) return;
    ev.preventDefault();
    if (busy) return;
    busy = true;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "正在进行防刷验证，请稍候…";
    fetch("/api/v1/public/challenge", { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("challenge " + r.status);
      return r.json();
    }).then(function (c) {
      form.elements.challenge.value = c.challenge;
      form.elements.nonce.value = solve(c.challenge, c.difficulty);
      status.textContent = "验证完成，正在提交…";
      form.submit();
    }).catch(function () {
      busy = false;
      button.disabled = false;
      status.textContent = "防刷验证失败，请检查网络后重新提交。";
    });
  });
  // Named complaints ask for the phone; anonymous ones hide it.
  var anon = form.elements.anonymous, contact = document.getElementById("contact-fields");
  function sync() { contact.hidden = anon.checked; }
  if (anon && contact) { anon.addEventListener("change", sync); sync(); }
})();
