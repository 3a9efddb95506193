"""Words of compliance (`monitor.compliance`): statuses, lights, the misses `fairplan check`
prints and the headers of compliance.xlsx (compliance.csv keeps the contract's words)."""

from texts import register

register(
    "compliance",
    {
        "compliance.status.met": ("达标", "met"),
        "compliance.status.missed": ("未达标", "missed"),
        "compliance.status.at_risk": ("有风险", "at risk"),
        "compliance.status.upcoming": ("未到期", "upcoming"),
        "compliance.light.red": ("红灯", "red"),
        "compliance.light.yellow": ("黄灯", "yellow"),
        "compliance.light.green": ("绿灯", "green"),
        "compliance.light.grey": ("灰色", "grey"),
        "compliance.record.held": ("已举办", "held"),
        "compliance.record.cancelled": ("已取消", "cancelled"),
        "compliance.period.month": ("{year}年{month:02d}月", "{year}-{month:02d}"),
        "compliance.period.quarter": ("{year}年第{quarter}季度", "{year} Q{quarter}"),
        "compliance.period.range": ("{start}至{end}", "{start} to {end}"),
        "compliance.all_met": (
            "截至 {as_of}，所有已结束的周期均达标。",
            "As of {as_of}, every period that has ended was met.",
        ),
        "compliance.misses_head": (
            "截至 {as_of}，共 {regions} 个地区有 {total} 个周期未达标：",
            "As of {as_of}, {regions} regions missed {total} periods:",
        ),
        "compliance.misses_city": (
            "{city}（{city_id}）：{n} 个周期未达标",
            "{city} ({city_id}): {n} periods missed",
        ),
        "compliance.misses_where": ("{name}（{region_id}） ", "{name} ({region_id}) "),
        "compliance.misses_line": (
            "  - {where}{period} {kind}：应办 {required} 场，实办 {held} 场{cancelled}"
            "（规则 {rule}{citation}）",
            "  - {where}{period} {kind}: {required} required, {held} held{cancelled} "
            "(rule {rule}{citation})",
        ),
        "compliance.misses_cancelled": ("，取消 {n} 场", ", {n} cancelled"),
        "compliance.misses_citation": ("，依据{citation}", ", from {citation}"),
        "compliance.none": ("无", "none"),
        # compliance.xlsx
        "compliance.sheet.summary": ("汇总", "Summary"),
        "compliance.sheet.missed": ("未达标", "Missed"),
        "compliance.sheet.detail": ("明细", "Detail"),
        "compliance.title": (
            "{scenario} 招聘会达标情况（截至 {as_of}）",
            "{scenario}: fairs against the rules (as of {as_of})",
        ),
        "compliance.title_level": (
            "{scenario} {level}地区达标情况（截至 {as_of}）",
            "{scenario}: {level} regions (as of {as_of})",
        ),
        "compliance.title_missed": (
            "{scenario} 未达标的周期（截至 {as_of}）",
            "{scenario}: periods missed (as of {as_of})",
        ),
        "compliance.title_detail": (
            "{scenario} 每个规则、地区和周期（截至 {as_of}）",
            "{scenario}: every rule, region and period (as of {as_of})",
        ),
        "compliance.lights_regions": ("{light}（{status}）地区", "{light} ({status}) regions"),
        "compliance.periods_of": ("{status}周期", "periods {status}"),
        "level.country": ("全国", "national"),
        "level.province": ("省级", "province"),
        "level.city": ("市级", "city"),
        "level.county": ("县级", "county"),
        "col.level": ("层级", "level"),
        "col.regions": ("地区数", "regions"),
        "col.region_id": ("地区编号", "region id"),
        "col.region_name": ("地区名称", "region"),
        "col.city": ("所属城市", "city"),
        "col.light": ("灯", "light"),
        "col.rule": ("规则", "rule"),
        "col.rule_id": ("规则编号", "rule id"),
        "col.kind": ("类型", "kind"),
        "col.period": ("周期", "period"),
        "col.period_start": ("周期开始", "period start"),
        "col.period_end": ("周期结束", "period end"),
        "col.required": ("应办", "required"),
        "col.held": ("实办", "held"),
        "col.status": ("状态", "status"),
        "col.held_records": ("已举办记录", "held records"),
        "col.cancelled_records": ("已取消记录", "cancelled records"),
    },
)
