// Live counters for the story form: words in the story (at most 300) and the shared line's
// length as X counts it (at most 280 with "#IHeartHIT because " in front). The server
// counts (POST /api/v1/tweets/measure) so both agree with the checks made on submit,
// which work without this script.
(() => {
  const url = "/api/v1/tweets/measure";
  const fields = document.querySelectorAll("[data-count]");
  if (!fields.length || !window.fetch) return;

  const measure = async (text) => {
    const answer = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text }),
    });
    return answer.ok ? answer.json() : null;
  };

  fields.forEach((field) => {
    const out = document.getElementById(field.dataset.countOut);
    const limit = Number(field.dataset.limit);
    const prefix = field.dataset.prefix || "";
    let timer = null;
    const text = () => {
      const value = field.value.trim();
      const typed = prefix && value.toLowerCase().startsWith(prefix.trim().toLowerCase());
      return typed ? value : prefix + value;
    };
    const update = async () => {
      const data = await measure(text()).catch(() => null);
      if (!data || !out) return;
      const used = field.dataset.count === "words" ? data.words : data.weighted_length;
      const over = used > limit;
      out.textContent =
        field.dataset.count === "words"
          ? `${used} of ${limit} words${over ? ` — ${used - limit} too many` : ""}`
          : `${limit - used} characters left${over ? " — too long to share" : ""}`;
      out.classList.toggle("over", over);
    };
    out && (out.hidden = false);
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    });
    update();
  });
})();
