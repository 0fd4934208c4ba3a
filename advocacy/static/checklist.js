// The send page as a checklist: focus returns to the official the member acted on, and an
// action that opens another site in a new tab ticks that official off at once (the
// server counted it; a reload shows the same).
(function () {
  var target = location.hash && document.querySelector("section.letter" + location.hash);
  if (target) target.focus();
  var counter = document.querySelector("[data-done]");
  document.querySelectorAll('section.letter form[target="_blank"]').forEach(function (form) {
    form.addEventListener("submit", function () {
      var section = form.closest("section.letter");
      if (!section.classList.contains("done")) {
        section.classList.add("done");
        if (counter) counter.textContent = String(Number(counter.textContent) + 1);
      }
    });
  });
})();
