"""Key scripts: "n,n,f,wait:200,q" -> the keys to press, each with how long its frame is held."""

from __future__ import annotations

from dataclasses import dataclass

MAX_WAIT_MS = 60_000
"""Longest `wait:` a script may ask for (a minute)."""


class ScriptError(ValueError):
    """A key script that cannot be played (the message names the bad token)."""


@dataclass(frozen=True)
class Press:
    """One key of a script and the pause that follows it."""

    key: str
    """A Textual key name: a character ("n", "N") or a name ("right", "question_mark")."""
    wait_ms: int = 0
    """Milliseconds the app runs after the key (autoplay, notifications) and the frame is held
    longer in an animation: the sum of the `wait:` tokens after it."""


def parse_keys(text: str) -> tuple[int, list[Press]]:
    """Parse a comma-separated script: (milliseconds to wait before the first key, presses).

    Tokens are key names or `wait:MS`; spaces around tokens are ignored. The comma key itself
    is written `comma`, as Textual names it.
    """
    lead = 0
    presses: list[Press] = []
    for number, raw in enumerate(text.split(","), 1):
        token = raw.strip()
        if not token:
            raise ScriptError(f"key {number} is empty in {text!r}")
        if token.startswith("wait:"):
            wait = _wait(token)
            if presses:
                last = presses[-1]
                presses[-1] = Press(last.key, last.wait_ms + wait)
            else:
                lead += wait
            continue
        if " " in token or not token.isprintable():
            raise ScriptError(f"not a key name: {token!r}")
        presses.append(Press(token))
    return lead, presses


def _wait(token: str) -> int:
    digits = token.removeprefix("wait:")
    if not digits.isdigit() or int(digits) > MAX_WAIT_MS:
        raise ScriptError(f"expected wait:MS with MS a whole number up to {MAX_WAIT_MS}, got {token!r}")
    return int(digits)


def default_keys(steps: int, max_frames: int) -> list[Press]:
    """Every step of the trace ("n" per step), at most `max_frames` of them."""
    return [Press("n") for _ in range(min(steps, max_frames))]
