"""The policy catalogue and the resolver of rules' `source` cells (scheduler.policy)."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler import policy

IM_2024 = "2024年高校毕业生等青年就业服务攻坚行动方案"
IM_2022 = "促进重点群体就业行动(2022—2025年)实施方案"
JILIN = "吉林省关于开展2022年离校未就业高校毕业生服务攻坚行动的通知"


def test_the_five_documents_in_the_order_of_the_collection() -> None:
    docs = policy.documents()
    assert [(d.number, d.code) for d in docs] == [
        ("000", "im-2024"),
        ("001", "jilin-2022"),
        ("002", "hubei-2023"),
        ("003", "im-2022-2025"),
        ("004", "shandong-2024"),
    ]
    jilin = policy.document("jilin-2022")
    assert jilin is not None and jilin.doc_number == "吉人社发〔2022〕21号"
    assert jilin.date == "2022-07-05" and jilin.title == JILIN
    im = policy.document("003")
    assert im is not None and im.doc_number == "内人社发〔2022〕28号"
    assert im.period == (dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    # 004 prints no title: the catalogue says so rather than pass one off as printed
    shandong = policy.document("shandong-2024")
    assert shandong is not None and not shandong.title_printed and shandong.notes_zh


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        ("im-2024", {"五(五)", "六(三)"}),
        ("jilin-2022", {"五(五)", "保障措施(四)"}),
        ("hubei-2023", {"二(四)", "三(二)"}),
        ("im-2022-2025", {"一", "三(十)", "四(四)"}),
        ("shandong-2024", {"三(五)", "四(三)"}),
    ],
)
def test_the_clauses_the_issue_names_are_catalogued(code: str, labels: set[str]) -> None:
    doc = policy.document(code)
    assert doc is not None
    for label in labels:
        clause = doc.clause(label)
        assert clause is not None, label
        assert clause.zh and clause.en and clause.quote and clause.heading


def test_every_clause_carries_its_wording_and_both_summaries() -> None:
    for doc in policy.documents():
        assert doc.title and doc.title_en and doc.issuer and doc.region, doc.code
        assert doc.period[0] <= doc.period[1]
        for c in doc.clauses:
            assert c.quote.strip() and c.zh.endswith("。") and c.en.endswith("."), (
                doc.code,
                c.label,
            )
            assert "（" not in c.label and "）" not in c.label  # labels in one spelling


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        # the collection's number, as the existing sample writes it
        ("000 五(五)", f"《{IM_2024}》五(五)"),
        # the short code; full-width parentheses; no space
        ("im-2024 五（五）", f"《{IM_2024}》五(五)"),
        ("003三(十)", f"《{IM_2022}》三(十)"),
        # the collection's file name
        ("000_2867e4f99e971304.txt 五(五)", f"《{IM_2024}》五(五)"),
        # a title, as `presets show` writes it: reads back to the same clause
        (f"《{IM_2022}》一", f"《{IM_2022}》一"),
        ("jilin-2022 保障措施(四)", f"《{JILIN}》保障措施(四)"),
    ],
)
def test_a_citation_resolves_to_title_and_clause(source: str, shown: str) -> None:
    (c,) = policy.resolve(source)
    assert c.resolved and c.provision is not None
    assert c.display() == shown
    assert c.text == source  # what was typed is kept


def test_a_cell_with_two_citations_gives_two_in_order() -> None:
    cs = policy.resolve("000 五(五)；003 三(十)")
    assert [(c.document.code if c.document else "", c.clause) for c in cs] == [
        ("im-2024", "五(五)"),
        ("im-2022-2025", "三(十)"),
    ]
    assert policy.display("000 五(五)；003 三(十)") == f"《{IM_2024}》五(五)；《{IM_2022}》三(十)"
    assert policy.display("000 五(五); 003 三(十)") == policy.display("000 五(五)；003 三(十)")


@pytest.mark.parametrize(
    "source",
    [
        "市政府常务会议纪要",  # free text: a valid source, kept as typed
        "see the city plan 2024",  # ASCII words that are no document code
        "009 五(五)",  # a number outside the collection
        "《不存在的文件》一",  # a title the catalogue does not hold
    ],
)
def test_text_that_names_no_catalogued_document_stays_as_typed(source: str) -> None:
    (c,) = policy.resolve(source)
    assert not c.resolved and c.document is None and c.title == "" and c.clause == ""
    assert c.display() == source


def test_a_known_document_with_an_uncatalogued_clause_keeps_title_and_clause() -> None:
    (c,) = policy.resolve("000 五(九)")
    assert c.document is not None and c.provision is None and not c.resolved
    assert c.display() == f"《{IM_2024}》五(九)"
    (whole,) = policy.resolve("im-2024")
    assert whole.document is not None and whole.clause == ""
    assert whole.display() == f"《{IM_2024}》"


def test_blank_sources_give_no_citation() -> None:
    assert policy.resolve("") == []
    assert policy.resolve(" ；; ") == []
    assert policy.display("") == ""
