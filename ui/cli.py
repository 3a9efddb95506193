"""The `fairplan` command line (CONTRACT §1).

Each subcommand lives in its own module under `ui/commands/` exposing
`register(subparsers)`; the module sets `func` on its parser. Exit status:
0 success with every rule met, 3 output written but some rule not met,
2 bad input or usage (one message per problem, nothing written), 1 anything else.

Every word the command line prints comes from the `texts` catalogue, in the language of
`--lang` (anywhere on the line), else `FAIRPLAN_LANG`, else the system locale, else
Chinese. The language is chosen before the parser is built, since help texts are read
when the options are declared; argparse's own words (usage, headings, its errors) are
translated through the `gettext` hook it calls (`texts.argparse_words`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import re
import sys
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import texts
from scheduler.errors import FairplanError
from texts import tr
from texts.argparse_words import translate, translate_plural

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_UNMET = 0, 1, 2, 3
_CLOSING = "，。；：、）》」』！？"
_CJK_HEADING = re.compile(r"^(\S.*[\u4e00-\u9fff]):$", re.MULTILINE)


def _width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken at spaces or between Chinese characters."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for piece in _pieces(para):
            if line and _width(line + piece) > width:
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> Iterator[str]:
    """Words with their trailing space, and each Chinese character on its own: a line may
    break between Chinese characters and at the edge of a word, not before closing
    punctuation."""
    word = ""
    for c in text:
        wide = _wide(c)
        if wide and c in _CLOSING:
            word += c
            continue
        if word and (wide or _wide(word[-1])):
            yield word
            word = ""
        word += c
        if c == " ":
            yield word
            word = ""
    if word:
        yield word


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


class _Formatter(argparse.HelpFormatter):
    """Help wrapped and aligned by display width; a description keeps its indented
    (example) lines; a Chinese heading ends with a Chinese colon."""

    def format_help(self) -> str:
        return _CJK_HEADING.sub("\\1：", super().format_help())

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        head = " " * self._current_indent + self._format_action_invocation(action)
        extra = _width(head) - len(head)  # argparse padded by characters, not columns
        if not extra or not text.startswith(head + "  "):
            return text
        rest = text[len(head) :]
        pad = len(rest) - len(rest.lstrip(" "))
        if pad - extra >= 2:
            return head + " " * (pad - extra) + rest[pad:]
        position = min(self._action_max_length + 2, self._max_help_position)
        return head + "\n" + " " * position + rest[pad:]

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: list[str] = []
        for para in textwrap.dedent(text).strip("\n").split("\n\n"):
            if para.startswith(" "):  # an example block: as written
                out.append("\n".join(indent + line for line in para.splitlines()))
            else:
                out.append("\n".join(indent + x for x in _wrap(" ".join(para.split()), width)))
        return "\n\n".join(out)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        # every command takes --lang, so it may stand anywhere on the line
        self.add_argument(
            "--lang",
            choices=texts.LANGS,
            default=argparse.SUPPRESS,
            help=tr("help.lang"),
        )

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        """A number's complaint in words (argparse would name the Python type)."""
        try:
            return super()._get_value(action, arg_string)  # type: ignore[misc]
        except argparse.ArgumentError:
            if action.type not in (int, float):
                raise
            key = "not_an_int" if action.type is int else "not_a_number"
            raise argparse.ArgumentError(action, tr(key, value=arg_string)) from None

    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as the contract says
        self.print_usage(sys.stderr)
        print(tr("cli_usage_error", prog=self.prog, message=message), file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


@contextlib.contextmanager
def _argparse_words() -> Iterator[None]:
    """argparse's own words in the current language, while a command line is parsed."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translate, translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def lang_of(argv: Sequence[str]) -> str | None:
    """The language `--lang X` or `--lang=X` asks for (None: the environment's)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return texts.normalize(argv[i + 1])
        if arg.startswith("--lang="):
            return texts.normalize(arg.partition("=")[2])
    return None


def build_parser() -> argparse.ArgumentParser:
    import ui.commands

    with _argparse_words():
        parser = _Parser(prog="fairplan", description=tr("help.fairplan"))
        sub = parser.add_subparsers(
            dest="command", required=True, parser_class=_Parser, metavar=tr("metavar.command")
        )
        for info in sorted(pkgutil.iter_modules(ui.commands.__path__), key=lambda m: m.name):
            if info.name.startswith("_"):  # helpers shared by the commands
                continue
            module = importlib.import_module(f"ui.commands.{info.name}")
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_of(argv)  # without --lang: the language the caller's context has
    with texts.use(lang) if lang else contextlib.nullcontext():
        parser = build_parser()
        with _argparse_words():
            args = parser.parse_args(argv)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
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
        print(tr("cli_interrupted"), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
