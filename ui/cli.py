"""The `fairplan` command line (CONTRACT §1).

Each subcommand lives in its own module under `ui/commands/` exposing
`register(subparsers)`; the module sets `func` on its parser. Exit status:
0 success with every rule met, 3 output written but some rule not met,
2 bad input or usage (one message per problem, nothing written), 1 anything else.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from scheduler.errors import FairplanError

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_UNMET = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as the contract says
        self.print_usage(sys.stderr)
        print(f"fairplan: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    import ui.commands

    parser = _Parser(prog="fairplan", description="Plan and police youth-employment job fairs.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(ui.commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # helpers shared by the commands
            continue
        module = importlib.import_module(f"ui.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except FairplanError as exc:  # bad input (2), a refusal (4): the user's own message
        for problem in exc.problems:
            print(f"fairplan: {problem}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `fairplan … | head`: the reader left, say no more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("fairplan: interrupted", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
