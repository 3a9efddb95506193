"""Words of `publish`: stored scenarios and plans, diffs, publishing, hand edits, outputs."""

from texts import register

register(
    "publish",
    {
        "out_not_folder": (
            "这里需要一个文件夹，但它是一个文件：请换一个输出位置（--out）",
            "this must be a folder but is a file: choose another output place (--out)",
        ),
    },
)
