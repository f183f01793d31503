"""The `bouwstroom` command: a thin shell over the engine.

Each subcommand lives in ``bouwstroom_qgis/commands/<name>.py`` with ``add_arguments``
and ``run``; errors a user can fix print as one line and exit with code 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence

from bouwstroom_qgis.core.errors import BouwstroomError, Cancelled
from bouwstroom_qgis.core.progress import Feedback

# subcommand -> (module in bouwstroom_qgis.commands, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "run the whole pipeline from a scenario and write the shortlist"),
    "score": ("score", "score parcels from a scenario and stop after the parcels layer"),
    "sites": ("sites", "score parcels, assemble them into sites and size and score the sites"),
    "capacity": ("capacity", "homes per concept for any polygon layer of sites"),
    "bundle": ("bundle", "bundle scored sites for the build stream and plan them by quarter"),
    "robustness": (
        "robustness",
        "how firm the ranking is under weight doubt, and what each stakeholder ranks high",
    ),
    "import-imro": ("import_imro", "convert an IMRO bestemmingsplan GML to a GeoPackage"),
    "generate": ("generate", "generate a fictional northern sample region with a scenario"),
    "export": ("export", "export a result as styled GeoPackage, Excel, PDF and HTML report"),
}

log = logging.getLogger("bouwstroom")

PROGRESS_JSON_HELP = "report progress as JSON lines on stderr, for programs that run the engine"


class TerminalProgress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0
        self._message = ""

    def __call__(self, fraction: float, message: str) -> None:
        if message and message != self._message:
            self._message = message
            if not self.enabled:
                log.info("%3d%%  %s", round(fraction * 100), message)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and fraction < 1.0:
            return
        self._last = now
        filled = int(fraction * 30)
        bar = "#" * filled + "-" * (30 - filled)
        sys.stderr.write(f"\r[{bar}] {fraction:4.0%} {self._message[:60]:<60}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


class JsonProgress:
    """Progress for programs that run the engine (the QGIS plugin): one JSON object a line.

    Each line on stderr reads ``{"progress": 0.42, "message": "reading zoning plans"}``;
    a line is written when the message changes or the fraction moves by half a percent,
    so a caller's progress bar moves smoothly without flooding its log.
    """

    STEP = 0.005

    def __init__(self) -> None:
        self._fraction = -1.0
        self._message = ""

    def __call__(self, fraction: float, message: str) -> None:
        message = message or self._message
        if message == self._message and abs(fraction - self._fraction) < self.STEP:
            return
        self._fraction, self._message = fraction, message
        line = json.dumps({"progress": round(fraction, 4), "message": message})
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bouwstroom",
        description="Find, score, size and bundle housing sites for Bouwstroom Noord.",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only warnings and errors")
    parser.add_argument("--progress-json", action="store_true", help=PROGRESS_JSON_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(f"bouwstroom_qgis.commands.{module_name}")
        command = sub.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: an unset subcommand flag must not undo `bouwstroom --quiet COMMAND`
        command.add_argument(
            "--quiet",
            "-q",
            action="store_true",
            default=argparse.SUPPRESS,
            help="print only warnings and errors",
        )
        command.add_argument(
            "--progress-json",
            action="store_true",
            default=argparse.SUPPRESS,
            help=PROGRESS_JSON_HELP,
        )
        module.add_arguments(command)
        command.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A program that stops the engine (the plugin's cancel) sends SIGTERM: clean up as
    # after Ctrl+C, so no half-written output is left behind.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    # libraries' own progress chatter (font subsetting for the PDF, GDAL record counts)
    for chatty in ("fontTools", "pyogrio"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    bar: TerminalProgress | JsonProgress = (
        JsonProgress() if args.progress_json else TerminalProgress(enabled=not args.quiet)
    )
    try:
        return int(args.handler(args, Feedback(progress=bar)) or 0)
    except (Cancelled, KeyboardInterrupt):
        bar.close()
        print("bouwstroom: cancelled; no output was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except BouwstroomError as error:
        bar.close()
        print(f"bouwstroom {args.command}: error: {error}", file=sys.stderr)
        return 2
    finally:
        bar.close()
