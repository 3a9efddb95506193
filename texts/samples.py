"""Words of the bundled samples (`scheduler.samples`)."""

from texts import register

register(
    "samples",
    {
        "samples_where": ("样例", "sample"),
        "samples_unknown": (
            "没有名为“{name}”的样例；可用的样例：{names}",
            "there is no sample named '{name}'; the samples are: {names}",
        ),
        "samples_no_form": (
            "样例“{name}”没有 {form} 形式；可用：{forms}",
            "the sample '{name}' does not come as {form}; it comes as: {forms}",
        ),
    },
)
