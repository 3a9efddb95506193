"""Words of the command line's own machinery (Python's `argparse`): usage, headings, errors.

`argparse` asks `gettext` for each of these strings; `ui.cli` hands it `translate` (and
`translate_plural`) while a command line is parsed, so `fairplan --help` and a usage
error read in the user's language. The English side is argparse's own message id.
"""

from texts import register, tr

#: argparse's message ids (Python 3.11) and their Chinese
_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的取值 %r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "expected one argument": "需要一个取值",
    "expected at most one argument": "最多一个取值",
    "expected at least one argument": "至少需要一个取值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 有歧义，可能是：%(matches)s"
    ),
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的取值",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "%(value)r 不是可选项（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有子命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "expected %s argument": "需要 %s 个取值",
    "expected %s arguments": "需要 %s 个取值",
}

register("argparse", {f"argparse:{en}": (zh, en) for en, zh in _ZH.items()})


def translate(message: str) -> str:
    """`gettext` for argparse: the message in the current language (unknown ids as they are)."""
    return tr(f"argparse:{message}") if message in _ZH else message


def translate_plural(singular: str, plural: str, n: int) -> str:
    """`ngettext` for argparse."""
    return translate(singular if n == 1 else plural)
