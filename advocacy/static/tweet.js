// Live tweet counter: asks /api/v1/tweets/measure (twitter-text's weighted length) as the
// member types, and disables posting while the text is over 280 or holds a character X
// refuses (the answer says which). The server checks again.
(function () {
  var url = "/api/v1/tweets/measure";
  document.querySelectorAll("textarea[data-measure]").forEach(function (box) {
    var form = box.form;
    var count = form.querySelector(".tweet-count");
    var problem = form.querySelector(".tweet-problem");
    var buttons = form.querySelectorAll("button[type=submit]");
    var timer = null;
    function update() {
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: box.value }),
      })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (typeof data.remaining !== "number") return;
          count.textContent = String(data.remaining);
          if (problem) problem.textContent = data.problem || "";
          count.parentElement.classList.toggle("error", !data.valid);
          buttons.forEach(function (b) { b.disabled = !data.valid; });
        })
        .catch(function () {});
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
  });
})();
