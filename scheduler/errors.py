"""Errors a user can act on: every problem names file, sheet, row and column.

One root, `FairplanError`: the CLI turns any of them into its message and its exit
status, the app into a message box — never a traceback. Each kind says what went wrong
for the user, not where in the code:

- `InputError` (exit 2): bad input or usage, one `Problem` per problem found;
- `Refused` (exit 4): signing in failed, or the signed-in user may not do this.

Anything else that escapes is a bug (exit 1): logged with its traceback, shown to the
user as a short message with a reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from texts import tr


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    `row` is the spreadsheet row number as the user sees it (the header is row 1,
    the first data row is row 2); None when the problem concerns a whole sheet.
    """

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def where(self) -> str:
        """File, sheet, row and column, in the user's language."""
        parts = [self.file]
        if self.sheet:
            parts.append(tr("where_sheet", sheet=self.sheet))
        if self.row is not None:
            parts.append(tr("where_row", row=self.row))
        if self.column:
            parts.append(tr("where_column", column=self.column))
        return tr("where_sep").join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


class FairplanError(Exception):
    """The root of every error fairplan reports to a user; carries its problems."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(FairplanError, ValueError):
    """Bad input: carries every problem found, so the user can fix them all at once."""

    exit_code = 2


class Refused(FairplanError):
    """Signing in failed or the user may not do this: a refusal, not bad input."""

    exit_code = 4
