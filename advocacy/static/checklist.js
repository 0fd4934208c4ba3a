// The send page as a checklist: focus returns to the official the member acted on, and an
// action that opens another site in a new tab marks its button "(opened)" at once (the
// server counted the opening). Opened is not sent: the official stays open until the
// member says "I sent it" (beside the button) or we carry the letter.
(function () {
  var target = location.hash && document.querySelector("section.letter" + location.hash);
  if (target) target.focus();
  document.querySelectorAll('section.letter form[target="_blank"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter || form.querySelector("button[type=submit]");
      if (button && button.textContent.indexOf("(opened)") < 0) {
        button.textContent = button.textContent.trim() + " (opened)";
      }
    });
  });
})();
