// The log form's official search, as you type (the Find button works without this).
// Results come as checkboxes named "officials", like the server's; Enter in the box
// searches and never saves; a search that finds exactly one official ticks it.
(() => {
  const box = document.querySelector("input[data-search]");
  const found = document.getElementById("found");
  if (!box || !found || !window.fetch) return;
  let timer = null;
  let asked = 0;

  const ticked = () =>
    new Set([...document.querySelectorAll('input[name="officials"]:checked')].map((b) => b.value));

  const show = (officials, tickOne) => {
    const keep = ticked();
    found.replaceChildren();
    if (!officials.length) {
      const none = document.createElement("p");
      none.className = "hint";
      none.textContent = box.value.trim().length < 2 ? "" : "No official by that name.";
      found.append(none);
      return;
    }
    for (const official of officials) {
      if (document.querySelector(`fieldset input[name="officials"][value="${official.id}"]:not(#found *)`)) continue;
      const label = document.createElement("label");
      label.className = "choice";
      const tick = document.createElement("input");
      tick.type = "checkbox";
      tick.name = "officials";
      tick.value = String(official.id);
      tick.checked = keep.has(tick.value) || (tickOne && officials.length === 1);
      label.append(tick, " ", official.label);
      found.append(label);
    }
  };

  const search = async (tickOne) => {
    const query = box.value.trim();
    const mine = ++asked;
    if (query.length < 2) return show([], false);
    try {
      const answer = await fetch(`${box.dataset.search}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!answer.ok || mine !== asked) return;
      show((await answer.json()).officials, tickOne);
    } catch (error) {
      // The Find button still works.
    }
  };

  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(false), 250);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      search(true);
    }
  });
})();
