// "Copy my letter": puts a letter's text on the clipboard. Without JavaScript the button
// stays hidden and the letter stays on the page to select and copy by hand.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var status = button.parentElement.querySelector("[role=status]");
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      var letter = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(letter.textContent).then(
        function () {
          status.textContent = button.getAttribute("data-copied") || "Copied: paste it into their form or your email.";
        },
        function () { status.textContent = "Could not copy; select the letter and copy it."; }
      );
    });
  });
})();
