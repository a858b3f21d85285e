"""A one-line progress bar for long loads, redrawn in place on a terminal."""

import time
from collections.abc import Callable

BAR_WIDTH = 30


class ProgressBar:
    """`[#####.....] 2300/10000 products  23%  41 s`, updated with `advance()`.

    On a terminal the line is redrawn with a carriage return at most five times a second;
    elsewhere (a log file, CI) a new line is written at every tenth of the way.
    """

    def __init__(
        self,
        *,
        total: int,
        label: str,
        write: Callable[[str], None] | None,
        is_terminal: bool = False,
    ) -> None:
        self.total = max(total, 1)
        self.label = label
        self.write = write
        self.is_terminal = is_terminal
        self.done = 0
        self.started = time.monotonic()
        self._last_drawn = 0.0
        self._last_tenth = -1

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        if self.write is None:
            return
        if self.is_terminal:
            now = time.monotonic()
            if now - self._last_drawn >= 0.2 or self.done == self.total:
                self._last_drawn = now
                self.write(f"\r{self._line()}")
        elif (tenth := self.done * 10 // self.total) != self._last_tenth:
            self._last_tenth = tenth
            self.write(f"{self._line()}\n")

    def finish(self) -> None:
        if self.write is not None and self.is_terminal:
            self.write(f"\r{self._line()}\n")

    def _line(self) -> str:
        filled = BAR_WIDTH * self.done // self.total
        percent = 100 * self.done // self.total
        elapsed = time.monotonic() - self.started
        return (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} "
            f"{self.label} {percent:3d}% {elapsed:5.0f} s"
        )
