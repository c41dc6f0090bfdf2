"""The debugger's conditional breakpoints and watches, and the `:` commands that change them.

No Textual here: the screen keeps a `Debugging`, hands its snapshot to the panels through
the View, and asks it where `c`/`C` and autoplay stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from ..core.breakpoints import Breakpoint, BreakpointError, parse_breakpoint
from ..core.breakpoints.watch import Watch, WatchError, find_watch

if TYPE_CHECKING:
    from ..core.breakpoints.columns import AnyTrace

COMMANDS = "break WHERE [if CONDITION] · delete N · disable N · enable N · watch NAME · unwatch NAME"
"""What the command line understands, as its placeholder says."""


class CommandError(ValueError):
    """A command that cannot be carried out: one line saying why."""


@dataclass(frozen=True)
class Entry:
    """One conditional breakpoint of the list: its number (from 1, never reused) and state."""

    number: int
    breakpoint: Breakpoint
    enabled: bool = True


@dataclass
class Debugging:
    """The conditional breakpoints and watches of one debugger screen."""

    entries: list[Entry] = field(default_factory=list)
    watches: list[str] = field(default_factory=list)
    _next: int = 1
    _trace: object = None
    """The trace the caches below are for: another one empties them."""
    _steps: dict[int, np.ndarray] = field(default_factory=dict)
    """Matching step indices per breakpoint number: computed once each."""
    _watched: dict[str, Watch] = field(default_factory=dict)

    def add(self, breakpoint: Breakpoint) -> Entry:
        """Add a breakpoint, enabled, numbered after the last."""
        entry = Entry(self._next, breakpoint)
        self._next += 1
        self.entries.append(entry)
        return entry

    def entry(self, number: int) -> Entry:
        """The breakpoint numbered `number`; CommandError if there is none."""
        for entry in self.entries:
            if entry.number == number:
                return entry
        raise CommandError(f"no breakpoint {number}" + (
            f" (there are {', '.join(str(e.number) for e in self.entries)})" if self.entries
            else " (none set: add one with :break WHERE [if CONDITION])"))

    def set_enabled(self, number: int, enabled: bool | None = None) -> Entry:
        """Enable, disable or (None) toggle a breakpoint."""
        old = self.entry(number)
        new = replace(old, enabled=(not old.enabled) if enabled is None else enabled)
        self.entries[self.entries.index(old)] = new
        return new

    def delete(self, number: int) -> Entry:
        """Remove a breakpoint."""
        old = self.entry(number)
        self.entries.remove(old)
        return old

    def active(self) -> tuple[tuple[int, Breakpoint], ...]:
        """(number, breakpoint) of each enabled breakpoint, in the list's order."""
        return tuple((e.number, e.breakpoint) for e in self.entries if e.enabled)

    def steps(self, trace: AnyTrace, entry: Entry) -> np.ndarray:
        """Where a breakpoint stops on this trace (ascending step indices)."""
        self._for(trace)
        if entry.number not in self._steps:
            self._steps[entry.number] = entry.breakpoint.matches(trace)
        return self._steps[entry.number]

    def arrays(self, trace: AnyTrace) -> list[np.ndarray]:
        """The stops of every enabled breakpoint, for `continue_to`."""
        return [self.steps(trace, e) for e in self.entries if e.enabled]

    def stops(self, trace: AnyTrace) -> tuple[tuple[int, str, np.ndarray], ...]:
        """(number, text, steps) of every enabled breakpoint, for the View."""
        return tuple((e.number, e.breakpoint.text, self.steps(trace, e))
                     for e in self.entries if e.enabled)

    def watch(self, trace: AnyTrace, name: str) -> Watch:
        """The watch of `name` on this trace; WatchError if no step writes it."""
        self._for(trace)
        if name not in self._watched:
            self._watched[name] = find_watch(trace, name)
        return self._watched[name]

    def shown_watches(self, trace: AnyTrace) -> tuple[Watch, ...]:
        """Every watch on this trace; one this trace has no step for (another example was
        opened) shows as never computed."""
        shown = []
        for name in self.watches:
            try:
                shown.append(self.watch(trace, name))
            except WatchError:
                shown.append(Watch(name, np.zeros(0, dtype=np.int64)))
        return tuple(shown)

    def _for(self, trace: AnyTrace) -> None:
        if trace is not self._trace:
            self._trace = trace
            self._steps.clear()
            self._watched.clear()


def run_command(debugging: Debugging, trace: AnyTrace, line: str) -> str:
    """Carry out one command-line command; returns what to tell the user, or raises
    CommandError with a one-line reason."""
    text = line.strip().removeprefix(":").strip()
    verb, _, rest = text.partition(" ")
    rest = rest.strip()
    if verb in ("break", "b"):
        try:
            breakpoint = parse_breakpoint(rest)
        except BreakpointError as error:
            raise CommandError(f"break {rest}: {error}") from None
        entry = debugging.add(breakpoint)
        hits = len(debugging.steps(trace, entry))
        return f"breakpoint {entry.number}: {breakpoint} ({hits:,} step{'s' * (hits != 1)} match)"
    if verb in ("delete", "d", "enable", "disable", "toggle"):
        number = _number(verb, rest)
        if verb in ("delete", "d"):
            return f"deleted breakpoint {debugging.delete(number).number}"
        entry = debugging.set_enabled(number, {"enable": True, "disable": False}.get(verb))
        return f"breakpoint {entry.number} {'enabled' if entry.enabled else 'disabled'}"
    if verb == "watch":
        try:
            watch = debugging.watch(trace, rest)
        except WatchError as error:
            raise CommandError(f"watch: {error}") from None
        if watch.name not in debugging.watches:
            debugging.watches.append(watch.name)
        return f"watching {watch.name}"
    if verb == "unwatch":
        name = rest
        if name.isdigit() and 1 <= int(name) <= len(debugging.watches):
            name = debugging.watches[int(name) - 1]
        if name not in debugging.watches:
            raise CommandError(f"unwatch: not watched: {rest!r}")
        debugging.watches.remove(name)
        return f"no longer watching {name}"
    if not verb:
        raise CommandError(f"empty command; commands: {COMMANDS}")
    raise CommandError(f"unknown command {verb!r}; commands: {COMMANDS}")


def _number(verb: str, text: str) -> int:
    if not text.isdigit() or not text.isascii():
        raise CommandError(f"{verb} needs a breakpoint number, e.g. {verb} 1")
    return int(text)
