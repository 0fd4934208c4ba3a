// The editor's "Insert a detail" buttons: put the variable where the cursor is in its
// text box. Without this script the buttons do nothing and the text beside each is
// there to copy.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-insert]");
    if (!button) return;
    var box = document.getElementById(button.getAttribute("data-into"));
    if (!box) return;
    var text = button.getAttribute("data-insert");
    var start = typeof box.selectionStart === "number" ? box.selectionStart : box.value.length;
    var end = typeof box.selectionEnd === "number" ? box.selectionEnd : start;
    box.setRangeText(text, start, end, "end");
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.querySelectorAll("details.insert code").forEach(function (code) {
    code.hidden = true;
  });
  document.querySelectorAll("[data-insert-hint]").forEach(function (hint) {
    hint.textContent = hint.textContent.replace(/ Without JavaScript, copy the text beside it\.$/, "");
  });
})();
