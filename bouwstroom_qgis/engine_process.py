"""Run the engine as its own process: progress from its output, cancel by stopping it.

The engine is ``python -m bouwstroom_qgis --progress-json COMMAND ...``: progress comes
as JSON lines on stderr, messages as plain lines, and an error a user can fix as one
line ``bouwstroom COMMAND: error: ...`` with exit code 2. A crash of the engine ends
only its own process; here it becomes an ``EngineFailed`` with the last lines it wrote.
This module needs only the standard library.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bouwstroom_qgis.engine_python import NO_WINDOW, EnginePython, engine_environment

log = logging.getLogger(__name__)

ERROR_LINE = re.compile(r"^bouwstroom [\w-]+: error: (?P<message>.+)$")
EXIT_ERROR = 2
EXIT_CANCELLED = 130
POLL_S = 0.1
# How long a cancelled engine may take to remove its temporary files before it is ended.
GRACE_S = 5.0
TAIL = 10

ProgressFn = Callable[[float, str], None]
LineFn = Callable[[str, bool], None]


class EngineFailed(Exception):
    """The engine refused the input (its one-line message) or stopped unexpectedly."""


class EngineCancelled(Exception):
    """The run was cancelled and the engine process has ended."""


@dataclass
class EngineOutput:
    """What a finished engine process printed."""

    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)


def engine_command(python: Path, arguments: Sequence[str]) -> list[str]:
    """The full command line of one engine run."""
    return [str(python), "-m", "bouwstroom_qgis", "--progress-json", *map(str, arguments)]


def parse_progress(line: str) -> tuple[float, str] | None:
    """``(fraction, message)`` from a progress line, None for any other line."""
    if not line.startswith('{"progress"'):
        return None
    try:
        data = json.loads(line)
        return float(data["progress"]), str(data.get("message", ""))
    except (ValueError, KeyError, TypeError):
        return None


def _pump(stream: IO[str], is_stderr: bool, lines: queue.Queue) -> None:
    """Feed the lines of one pipe to the queue; None marks its end."""
    for line in stream:
        lines.put((is_stderr, line.rstrip("\r\n")))
    lines.put((is_stderr, None))


def stop(process: subprocess.Popen) -> None:
    """End the engine: ask politely (it then removes half-written files), then insist."""
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: the engine cleans up as after Ctrl+C (Windows: ends it)
    try:
        process.wait(GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def failure_message(returncode: int, stderr: list[str]) -> str:
    """The engine's own one-line error, or what is known about an unexpected stop."""
    errors = [m["message"] for line in stderr if (m := ERROR_LINE.match(line))]
    if returncode == EXIT_ERROR and errors:
        return errors[-1]
    how = (
        f"was stopped by signal {-returncode}"
        if returncode < 0
        else f"stopped unexpectedly (exit code {returncode})"
    )
    tail = [line for line in stderr if parse_progress(line) is None][-TAIL:]
    return f"The engine {how}. Its last lines:\n" + "\n".join(tail or ["(none)"])


def run_engine(
    engine: EnginePython,
    arguments: Sequence[str],
    *,
    on_progress: ProgressFn,
    on_line: LineFn,
    is_cancelled: Callable[[], bool],
) -> EngineOutput:
    """Run one engine command to its end, reporting progress and honouring cancel.

    Parameters
    ----------
    engine : EnginePython
        The interpreter to run.
    arguments : sequence of str
        The command and its arguments, e.g. ``["score", "s.toml", "--out", "dir"]``.
    on_progress : callable
        Gets ``(fraction 0–1, message)`` for every progress line.
    on_line : callable
        Gets ``(text, is_stderr)`` for every other line the engine prints.
    is_cancelled : callable
        Polled ten times a second; when it returns True the process is stopped.

    Raises
    ------
    EngineCancelled
        ``is_cancelled`` said so; the process has ended.
    EngineFailed
        The engine exited with an error.
    """
    command = engine_command(engine.path, arguments)
    log.info("Running %s", subprocess.list2cmdline(command))
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=engine_environment(engine.path, engine.is_qgis_python),
        creationflags=NO_WINDOW,
    )
    lines: queue.Queue = queue.Queue()
    pumps = [
        threading.Thread(target=_pump, args=(stream, is_stderr, lines), daemon=True)
        for stream, is_stderr in ((process.stdout, False), (process.stderr, True))
    ]
    for pump in pumps:
        pump.start()
    output = EngineOutput()
    open_streams = 2
    try:
        while open_streams:
            if is_cancelled():
                raise EngineCancelled()
            try:
                is_stderr, line = lines.get(timeout=POLL_S)
            except queue.Empty:
                continue
            if line is None:
                open_streams -= 1
                continue
            progress = parse_progress(line) if is_stderr else None
            if progress is not None:
                on_progress(*progress)
                continue
            (output.stderr if is_stderr else output.stdout).append(line)
            if not ERROR_LINE.match(line):  # the error itself is raised, not echoed
                on_line(line, is_stderr)
        returncode = process.wait()
    finally:
        stop(process)
        for pump in pumps:  # the pipes end with the process
            pump.join(GRACE_S)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if returncode == EXIT_CANCELLED or is_cancelled():
        raise EngineCancelled()
    if returncode != 0:
        raise EngineFailed(failure_message(returncode, output.stderr))
    return output
