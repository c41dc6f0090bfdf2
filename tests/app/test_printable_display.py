"""The debugger shows labels, never obeys them: a network named with escape sequences, C1,
DEL, bidi overrides, a lone surrogate and markup, theme files named so, all shown as
printable text in the header, the panels, the palette, notifications and every export
(screenshots are valid XML; `s` does not crash on a lone surrogate)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.content import Content

import tui_backprop as tb
from tui_backprop import Value
from hostile import NAME, unsafe, write_config
from tui_backprop.app.app import BackpropApp
from tui_backprop.app.exports import save_notes
from tui_backprop.printable import printable

THEME_FILE = "[@click=app.quit]"
"""A theme named by its file: a live link, were it markup."""
THEME_NAMED = "[/x]"
"""A theme named in its file: a closing tag (it vanished)."""
THEME_REFUSED = "evil\x1b]0;pwned\x07\u202e"
"""A theme name a terminal would obey (an OSC sequence, an override): refused, and the
notice saying so shows it escaped."""


def hostile_app(tmp_path: Path) -> BackpropApp:
    themes = tmp_path / "themes"
    themes.mkdir()
    colour = 'primary = "#0178D4"\n'
    (themes / f"{THEME_FILE}.toml").write_text(colour, encoding="utf-8")
    (themes / "named.toml").write_text('name = "[/x]"\n' + colour, encoding="utf-8")
    (themes / f"{THEME_REFUSED}.toml").write_text(colour, encoding="utf-8")
    (themes / "broken\x1b[2J\n.toml").write_text("not toml [", encoding="utf-8")
    network = tb.load_network(write_config(tmp_path))
    return BackpropApp(tb.build_trace(network), themes_dirs=[themes])


def shown_text(app: BackpropApp) -> str:
    """Everything on the screen, read back from a screenshot that must parse as XML."""
    svg = app.export_screenshot()
    return "".join(ET.fromstring(svg).itertext())


def assert_safe(text: str) -> None:
    assert not unsafe(text.replace("\n", "")), unsafe(text)
    text.encode("utf-8")


async def test_every_view_shows_the_name_printable(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = app.main_screen()
        assert screen is not None
        header = screen.query_one("#header").text
        assert printable(NAME) in header and not unsafe(header)
        assert app.title == printable(NAME)
        assert app.trace.network.name == NAME  # the data keeps the exact string
        # The broken theme file and the refused name are one-line, printable notifications.
        broken, refused = sorted((n.message for n in app._notifications),  # noqa: SLF001
                                 key=lambda message: "broken" not in message)
        assert "broken\\x1b[2J\\n.toml" in broken and not unsafe(broken)
        assert "evil\\x1b]0;pwned\\x07\\u202e" in refused and not unsafe(refused)
        start = shown_text(app)
        assert_safe(start)
        assert "desc\\x1b[2J\\nsecond" in start.replace("\xa0", " ")  # the description, one line
        # Every step, every drawer panel, the help and the edit modal: all valid, all printable.
        for key in ("n", "n", "r", "x", "G", "question_mark", "escape", "w"):
            await pilot.press(key)
            await pilot.pause()
            assert_safe(shown_text(app))
        await pilot.press("escape")


async def test_s_saves_a_screenshot_of_a_surrogate_name(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("n", "s")
        await pilot.pause()
        assert app.is_running
        [saved] = tmp_path.glob("*.svg")  # the app's conftest sends saves to tmp_path
        assert all(ch.isalnum() or ch in "-_." for ch in saved.name), saved.name
        ET.parse(saved)  # valid XML: no control character, no lone surrogate
        assert_safe(saved.read_text(encoding="utf-8"))
        assert app._notifications  # noqa: SLF001
        for note in app._notifications:  # noqa: SLF001
            assert_safe(note.message + note.title)


async def test_the_notes_export_is_printable(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("n", "n")
        path = save_notes(app)
        assert path is not None
        notes = path.read_text(encoding="utf-8")
        assert_safe(notes)
        assert notes.startswith("# evil\\\\x1b\\[2J")  # the name, escaped twice: shown literally
        assert "\nsecond line" not in notes


async def palette_prompts(pilot, query: str) -> list[Content]:
    await pilot.press(*query)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    for _ in range(100):  # the search runs in a worker: wait for its hits
        await pilot.pause(0.05)
        if commands.option_count:
            break
    return [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]


def assert_text_not_markup(prompts: list[Content], *names: str) -> None:
    plain = [prompt.plain for prompt in prompts]
    for name in names:
        assert any(printable(name) in text for text in plain), (name, plain)
    for prompt in prompts:
        assert_safe(prompt.plain)
        # A theme's name is not a link or an action: no span carries one.
        assert not any("click" in str(span.style) or "@" in str(span.style) for span in prompt.spans)


async def test_theme_names_in_the_palette_are_text(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        prompts = await palette_prompts(pilot, "Theme:")
        assert_text_not_markup(prompts, THEME_FILE, THEME_NAMED)
        assert_safe(shown_text(app))
        await pilot.press("escape")
        app.search_themes()  # Textual's "Change theme" picker: ours, names as text
        await pilot.pause()
        prompts = await palette_prompts(pilot, "")
        assert_text_not_markup(prompts, THEME_FILE, THEME_NAMED)
        # Choosing the theme named like a closing tag works: it is a name, not markup.
        await pilot.press(*"[/x]", "enter")
        await pilot.pause()
        assert app.theme == THEME_NAMED and app.is_running


def test_palette_labels_and_help_are_text() -> None:
    # Step targets and formulas will name nodes from configs: whatever label a hit shows.
    from textual.fuzzy import Matcher

    from tui_backprop.app.commands import help_markup, highlight

    matcher = Matcher("evil")
    shown = highlight(matcher, NAME)
    assert shown.plain == printable(NAME)
    # Only the matched letters are styled; "[@click=app.quit]" is no action.
    assert [(span.start, span.end) for span in shown.spans] == [(0, 1), (1, 2), (2, 3), (3, 4)]
    assert all(span.style == matcher.match_style for span in shown.spans)
    # Help text is always read as markup by the palette: escaped, it reads back as the text.
    assert Content.from_markup(help_markup(NAME)).plain == printable(NAME)


async def test_a_value_graph_named_by_hostile_labels_shows_them_printable() -> None:
    # The start screen's summary names the output node ("output <name>"): a Value's label,
    # any text the program gave, not only a config's identifiers.
    a = tb.Value(2.0, label="a\x1b]0;pwned\x07")
    out = (a * 3).tanh()
    out.label = "out\u202e[@click=app.quit]\x1b[2J"
    app = BackpropApp(tb.graph_trace(out, learning_rate=0.1))
    async with app.run_test(size=(180, 40)) as pilot:
        for key in ("n", "g", "G", "E"):  # the start screen, after steps and back
            await pilot.press(key)
            await pilot.pause()
            assert_safe(shown_text(app))
        await pilot.press("g")
        await pilot.pause()
        assert "output out\\u202e[@click=app.quit]\\x1b[2J" in shown_text(app).replace("\xa0", " ")


async def test_notes_of_a_graph_keep_markdown_labels_as_text() -> None:
    # A label of three backticks drawn alone at the start of a diagram line would close the
    # diagram's code block; a | would split a table row; a ` would end a code span.
    fence_like, cell_like = Value(2.0, label="```"), Value(3.0, label="a|b`c")
    out = fence_like * cell_like
    out.label = "out"
    app = BackpropApp(tb.graph_trace(out))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        path = save_notes(app)
    assert path is not None
    notes = path.read_text(encoding="utf-8")
    blocks = [line for line in notes.splitlines() if line.startswith("```")]
    assert blocks and all(line == "````" for line in blocks), blocks  # longer than ``` itself
    rows = [line for line in notes.splitlines() if "a\\|b" in line]
    # Two cells: the name (a | escaped, in a span of two backticks) and the value.
    assert rows and all(len(re.split(r"(?<!\\)\|", line)) == 4 and "``a\\|b`c``" in line
                        for line in rows), rows
