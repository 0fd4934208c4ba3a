"""The send step shows one official at a time: their letter, the main way to reach them
first, then the others in order of effect, with Next (or Skip) and the rest as a
checklist; an action that counts takes the member on to the next official not done."""

from __future__ import annotations

import re

import pytest

from tests.factories import act, send_officials, start, write

pytestmark = pytest.mark.realdata


def _shown(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<section class="letter current[^"]*" id="o(\d+)"', html)]


def _ways(html: str) -> list[str]:
    """The labels of the shown official's buttons and headings, in page order."""
    section = html.split('<section class="letter', 1)[1].split("</section>", 1)[0]
    found = re.findall(r"<(?:button|h3|h4)[^>]*>(.*?)</(?:button|h3|h4)>", section, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", label).strip() for label in found]


def test_one_official_is_shown_and_the_rest_are_a_checklist(march):
    client, _, _ = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").get_data(as_text=True)
    listed = send_officials(page)
    assert len(listed) == 5
    assert _shown(page) == [listed[0]]
    assert page.count('<pre class="letter-text"') == 1
    assert 'aria-current="step"' in page and "Official 1 of 5" in page
    # Not acted on yet: the way on is "Skip", to the second official.
    skip = re.search(r'<a class="button secondary" href="([^"]+)">Skip: ', page)
    assert skip and f"official={listed[1]}" in skip.group(1)
    # Any official of the list can be opened from it.
    third = client.get(f"/c/nhit-week/send?official={listed[2]}").get_data(as_text=True)
    assert _shown(third) == [listed[2]] and "Official 3 of 5" in third
    # An id that is not the member's shows the first not done, not an error.
    stranger = client.get("/c/nhit-week/send?official=999999999")
    assert stranger.status_code == 200 and _shown(stranger.get_data(as_text=True)) == [listed[0]]


# The ways in order of effect, by the first words of their button or heading.
ORDER = ("Send through the House", "Open in your email", "Call", "Open their contact form",
         "Post on X", "Print to mail")  # fmt: skip


def test_the_main_way_comes_first_then_call_form_post_print(march):
    """Senators (no public email): call, contact form, post, print. State legislators:
    their email first. Every official's ways come in that one order."""
    client, _, _ = march
    start(client)
    write(client)
    seen = set()
    for official in send_officials(client.get("/c/nhit-week/send").get_data(as_text=True)):
        ways = _ways(client.get(f"/c/nhit-week/send?official={official}").get_data(as_text=True))
        found = [label for label in ORDER if any(w.startswith(label) for w in ways)]
        positions = [next(i for i, w in enumerate(ways) if w.startswith(x)) for x in found]
        assert positions == sorted(positions), ways
        assert "Print to mail" in found
        seen.add(found[0])
    assert seen == {"Call", "Open in your email"}


def test_a_counted_action_goes_on_to_the_next_official_not_done(march):
    client, _, _ = march
    start(client)
    write(client)
    first, second, third, *_ = send_officials(
        client.get("/c/nhit-week/send").get_data(as_text=True)
    )
    # Opening is not sending: the member stays with the official, to say "I sent it".
    opened = act(client, first, "print")
    assert opened.status_code == 303 and "/letter/" in opened.headers["Location"]
    sent = act(client, first, "print", evidence="reported")
    assert sent.status_code == 303
    assert f"official={second}" in sent.headers["Location"]
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert _shown(page) == [second] and "<strong><span data-done>1</span> of 5</strong>" in page
    # The first is done in the checklist; going back to it offers "Next", to the second.
    again = client.get(f"/c/nhit-week/send?official={first}").get_data(as_text=True)
    assert re.search(rf'<a class="button" href="[^"]*official={second}[^"]*">Next: ', again)
    # Done with the second, the third comes next (the first is skipped over: done).
    assert f"official={third}" in act(client, second, "print", "reported").headers["Location"]


def test_a_chosen_official_no_longer_in_the_directory_is_passed_over(march):
    """An official chosen before a data update removed them has no letter: the page shows
    the first official who has one, and Skip never points at the one that is gone."""
    client, _, app = march
    start(client)
    write(client)
    listed = send_officials(client.get("/c/nhit-week/send").get_data(as_text=True))
    with client.session_transaction() as session:
        key = next(k for k in session if k.startswith("march:"))
        progress = dict(session[key])
        progress["chosen"] = [999_999_999, *progress["chosen"]]
        progress["officials"] = [999_999_999, *progress["officials"]]
        session[key] = progress
    page = client.get("/c/nhit-week/send")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _shown(html) == [listed[0]] and "999999999" not in html
    last = client.get(f"/c/nhit-week/send?official={listed[-1]}").get_data(as_text=True)
    assert "999999999" not in last
