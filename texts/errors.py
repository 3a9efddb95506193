"""Words of the error root (`scheduler.errors`): how a problem's place is named."""

from texts import register

register(
    "errors",
    {
        "where_sheet": ("工作表 {sheet}", "sheet {sheet}"),
        "where_row": ("第 {row} 行", "row {row}"),
        "where_column": ("列 {column}", "column {column}"),
        "where_sep": ("，", ", "),
    },
)
