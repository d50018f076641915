"""The per-audit PDF a client opens: cover, phase chart, every phase's items with answers,
comments, norms met or missed, and photo thumbnails. Nothing of the auditor, nor of the
reviewer's plausibility flags."""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from reports.labels import NO_VALUE, decimal, labels
from scoring.stats import MIN_AUDITS

logger = logging.getLogger(__name__)

FONT, FONT_BOLD = "ReportSans", "ReportSans-Bold"


def _register_fonts() -> None:
    """DejaVu covers Finnish and Hungarian (ő, ű); reportlab's own Vera does not."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular = Path(settings.REPORT_FONT)
    bold = Path(settings.REPORT_FONT_BOLD)
    if not regular.exists() or not bold.exists():
        import reportlab

        fallback = Path(reportlab.__file__).parent / "fonts"
        logger.warning(
            "Report font %s not found; falling back to Vera, which lacks some Hungarian letters. "
            "Install fonts-dejavu-core or set REPORT_FONT and REPORT_FONT_BOLD.",
            regular,
        )
        regular, bold = fallback / "Vera.ttf", fallback / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont(FONT, os.fspath(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.fspath(bold)))


@dataclass
class ReportItem:
    text: str
    answer: str
    comment: str
    norm_rule: str | None
    norm_met: bool | None
    thumbnails: list[bytes] = field(default_factory=list)  # JPEG bytes, at most four
    step: str = ""  # the key of the step the item is a detail of ("" before steps)
    key: str = ""  # the item's key (what an appeal names)


@dataclass
class ReportStep:
    """A step of the situation's process: its name, goal and score in this audit."""

    name: str
    goal: str
    score: float | None


@dataclass
class ReportPhase:
    name: str
    score: float | None
    items: list[ReportItem]
    steps: dict[str, ReportStep] = field(default_factory=dict)


@dataclass
class AuditReport:
    """Everything the PDF shows, as plain values, in the reader's language."""

    language: str
    client: str
    location: str
    visited: str
    situation: str
    channel: str
    persona: str
    score: float | None
    failed: bool
    loyalty: str
    phases: list[ReportPhase]


def _percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value * 100:.0f} %"


# Met and missed are told by a sign and a word as well as by colour.
MET, MISSED = "\u2714", "\u2718"


def _phase_chart(report: AuditReport, width: float) -> Drawing:
    scored = [p for p in report.phases if p.score is not None]
    height = 14 * mm + 8 * mm * max(1, len(scored))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 6 * mm
    chart.width, chart.height = width - 55 * mm, height - 12 * mm
    values = [round(p.score * 100, 1) for p in reversed(scored)]
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = [p.name for p in reversed(scored)] or [NO_VALUE]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#2f6f8f")
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    drawing.add(chart)
    return drawing


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle


def _styles() -> Styles:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=12)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, textColor=colors.HexColor("#555")),
        # A heading never ends a page: it moves to the next with what it heads.
        heading=ParagraphStyle(
            "h", parent=base["Heading1"], fontName=FONT_BOLD, fontSize=18, keepWithNext=1
        ),
        subheading=ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=FONT_BOLD, fontSize=12, keepWithNext=1
        ),
    )


def _paragraph(text, style: ParagraphStyle) -> Paragraph:
    """Plain text as a paragraph: reportlab reads markup, so escape it."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


def render_audit_pdf(report: AuditReport) -> bytes:
    _register_fonts()
    words = labels(report.language)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{words['title']}: {report.location}",
        author=report.client,
        lang=report.language,
    )
    styles = _styles()
    style, small = styles.body, styles.small
    heading, subheading = styles.heading, styles.subheading
    step_style = ParagraphStyle("step", parent=style, fontName=FONT_BOLD, spaceBefore=2 * mm)

    def para(text: str, s=style) -> Paragraph:
        return _paragraph(text, s)

    story: list[Flowable] = [para(words["title"], heading), Spacer(1, 4 * mm)]
    cover = [
        (words["client"], report.client),
        (words["location"], report.location),
        (words["date"], report.visited),
        (words["situation"], report.situation),
        (words["channel"], report.channel),
        (words["persona"], report.persona or NO_VALUE),
        (words["score"], _percent(report.score)),
        (words["result"], words["failed"] if report.failed else words["passed"]),
        (words["loyalty"], report.loyalty or NO_VALUE),
    ]
    table = Table([[para(k), para(v)] for k, v in cover], colWidths=[45 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                (
                    "BACKGROUND",
                    (0, 7),
                    (-1, 7),
                    colors.HexColor("#f8d7da") if report.failed else colors.HexColor("#d4edda"),
                ),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm), para(words["phase_scores"], subheading)]
    story += [_phase_chart(report, A4[0] - 36 * mm), PageBreak()]

    for phase in report.phases:
        story.append(para(f"{phase.name} — {_percent(phase.score)}", subheading))
        step_shown, pending = None, []
        for item in phase.items:
            step = phase.steps.get(item.step)
            if step is not None and item.step != step_shown:
                # The step the next items are details of, with its goal: kept with its first
                # item, so no step heading is stranded at a page's foot.
                step_shown = item.step
                pending = [
                    para(f"{step.name} — {_percent(step.score)}", step_style),
                    para(step.goal, small),
                    Spacer(1, 1 * mm),
                ]
            rows = [[para(item.text, ParagraphStyle("q", parent=style, fontName=FONT_BOLD))]]
            rows.append([para(f"{words['answer']}: {item.answer}")])
            if item.norm_rule:
                verdict = (
                    words["not_applicable"]
                    if item.norm_met is None
                    else f"{MET} {words['met']}"
                    if item.norm_met
                    else f"{MISSED} {words['missed']}"
                )
                rows.append([para(f"{words['norm']}: {item.norm_rule} ({verdict})", small)])
            if item.comment:
                rows.append([para(f"{words['comment']}: {item.comment}", small)])
            if item.thumbnails:
                images = [
                    Image(io.BytesIO(data), width=30 * mm, height=30 * mm, kind="proportional")
                    for data in item.thumbnails
                ]
                rows.append([Table([images])])
            block = Table(rows, colWidths=[A4[0] - 36 * mm])
            block.setStyle(
                TableStyle([("LINEBELOW", (0, -1), (-1, -1), 0.25, colors.HexColor("#dddddd"))])
            )
            story.append(KeepTogether([*pending, block]))
            pending = []
        story.append(Spacer(1, 4 * mm))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{words['page']} {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _count(n: int, words) -> str:
    return f"{n} {words['audit'] if n == 1 else words['audits']}"


def _gap_text(difference, words) -> str:
    """A gap in percentage points with its verdict, or a dash."""
    if difference.difference is None:
        return NO_VALUE
    verdict = (
        words["clearly_different"]
        if difference.clearly_different
        else words["not_clearly_different"]
    )
    return f"{difference.difference * 100:+.0f} ({verdict})"


def _estimate_text(estimate, words) -> str:
    if estimate.mean is None:
        return f"{NO_VALUE} ({_count(0, words)})"
    interval = (
        f"{words['interval']} {estimate.low * 100:.0f}{NO_VALUE}{estimate.high * 100:.0f} %"
        if estimate.low is not None
        else f"{words['interval']} {NO_VALUE}"
    )
    return f"{estimate.mean * 100:.0f} % ({interval}; {_count(estimate.n, words)})"


def _trend_chart(trend, width: float, language: str) -> Drawing:
    """The trend as bars labelled with their values, each with its 95% interval drawn as a
    whisker from low to high."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Line

    drawing = Drawing(width, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 15 * mm, 10 * mm, width - 25 * mm, 45 * mm
    chart.data = [[round((e.mean or 0) * 100, 1) for _, e in trend]]
    chart.categoryAxis.categoryNames = [f"{label} (n={e.n})" for label, e in trend]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = FONT, 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.bars[0].fillColor = colors.HexColor("#2f6f8f")
    chart.barLabelFormat = lambda value: decimal(value, language) if value else ""
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 7
    chart.barLabels.boxAnchor, chart.barLabels.dx, chart.barLabels.dy = "sw", 2, 2
    drawing.add(chart)
    slot = chart.width / max(1, len(trend))
    for index, (_label, estimate) in enumerate(trend):
        if estimate.low is None or estimate.high is None:
            continue
        x = chart.x + slot * (index + 0.5)
        low = chart.y + chart.height * estimate.low
        high = chart.y + chart.height * estimate.high
        for line in (
            Line(x, low, x, high),
            Line(x - 2 * mm, low, x + 2 * mm, low),
            Line(x - 2 * mm, high, x + 2 * mm, high),
        ):
            line.strokeColor, line.strokeWidth = colors.HexColor("#1b1b1b"), 0.8
            drawing.add(line)
    return drawing


def _trend_rows(trend, words, language: str) -> list[list[str]]:
    """The trend's figures as a table under the chart: period, audits, mean and interval."""
    rows = [[words["period"], words["audits_heading"], words["score"], words["interval"]]]
    for label, estimate in trend:
        mean = NO_VALUE if estimate.mean is None else f"{decimal(estimate.mean * 100, language)} %"
        interval = (
            NO_VALUE
            if estimate.low is None
            else f"{decimal(estimate.low * 100, language)}{NO_VALUE}"
            f"{decimal(estimate.high * 100, language)} %"
        )
        rows.append([label, str(estimate.n), mean, interval])
    return rows


def _phase_compare_chart(phases, width: float, words, compare: bool) -> Drawing:
    height = 14 * mm + 10 * mm * max(1, len(phases))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 6 * mm
    chart.width, chart.height = width - 55 * mm, height - 12 * mm
    names = [name for name, _, _ in reversed(phases)] or [NO_VALUE]
    chart.data = [[round((here or 0) * 100, 1) for _, here, _ in reversed(phases)] or [0]]
    if compare:
        chart.data.append(
            [round((region or 0) * 100, 1) for _, _, region in reversed(phases)] or [0]
        )
    chart.categoryAxis.categoryNames = names
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = FONT, 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.bars[0].fillColor = colors.HexColor("#2f6f8f")
    if compare:
        chart.bars[1].fillColor = colors.HexColor("#b7c9d3")
    drawing.add(chart)
    return drawing


def render_period_pdf(report) -> bytes:
    """A location's or a region's period report (``reports.period.PeriodReport``)."""
    _register_fonts()
    words = labels(report.language)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{words[report.title_key]}: {report.subject}",
        lang=report.language,
    )
    styles = _styles()
    style, heading, subheading = styles.body, styles.heading, styles.subheading
    width = A4[0] - 36 * mm

    def para(text: str, s=style) -> Paragraph:
        return _paragraph(text, s)

    def table(rows, widths=None, header=True, extra=()) -> Table:
        """A table whose first row is its header, repeated on every page it runs onto."""
        built = Table(
            [[para(cell) for cell in row] for row in rows],
            colWidths=widths,
            repeatRows=1 if header else 0,
        )
        built.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f6")),
                    *extra,
                ]
            )
        )
        return built

    summary = [
        [words["region"] if report.leaders else words["location"], report.subject],
        [words["period"], report.period],
        [words["score"], _estimate_text(report.estimate, words)],
        [words["failed_share"], _estimate_text(report.failed_share, words)],
    ]
    if report.rank:
        summary.append([words["rank"], f"{report.rank[0]} / {report.rank[1]}"])
    story: list[Flowable] = [
        para(f"{words[report.title_key]}: {report.subject}", heading),
        Spacer(1, 3 * mm),
        table(summary, [45 * mm, None], header=False),
    ]
    if report.estimate.n < MIN_AUDITS:
        story += [Spacer(1, 2 * mm), para(words["too_few"])]
    story += [
        Spacer(1, 5 * mm),
        para(words["trend"], subheading),
        _trend_chart(report.trend, width, report.language),
        table(_trend_rows(report.trend, words, report.language), [35 * mm, 25 * mm, 30 * mm, None]),
    ]
    if report.leaders:
        story += [
            para(words["phase_scores"], subheading),
            _phase_compare_chart(report.phases, width, words, compare=False),
        ]
    else:
        story += [
            para(words["phases_vs_region"], subheading),
            para(f"{words['this_location']} (\u25a0) / {words['region_average']} (\u25a1)"),
            _phase_compare_chart(report.phases, width, words, compare=True),
        ]
    if report.expectations:
        story += [
            para(words["expectations"], subheading),
            table(
                [[words["phase"], words["exceeded"], words["fell_short"]]]
                + [
                    [
                        name,
                        _estimate_text(found.exceeded, words),
                        _estimate_text(found.fell_short, words),
                    ]
                    for name, found in report.expectations
                ],
                [45 * mm, None, None],
            ),
        ]
    if report.competitors is not None:
        gap = report.competitors
        story += [
            para(words["against_competitors"], subheading),
            para(words["competitors_note"].format(stores=gap.stores), styles.small),
            table(
                [[words["phase"], words["own_side"], words["competitors"], words["gap"]]]
                + [
                    [
                        name,
                        _estimate_text(against.own, words),
                        _estimate_text(against.competitors, words),
                        _gap_text(against.gap, words),
                    ]
                    for name, against in [(words["score"], gap.overall), *gap.phases]
                ],
                [35 * mm, None, None, 38 * mm],
            ),
        ]
    if report.leaders:
        # Tiers as groups: each tier's locations shaded together, the tier named, and what a
        # tier means said above the table.
        shading = [
            ("BACKGROUND", (0, index), (-1, index), colors.HexColor("#f3f6fa"))
            for index, line in enumerate(report.leaders, start=1)
            if line.tier % 2 == 0
        ]
        story += [
            para(words["locations"], subheading),
            para(words["tiers_note"], styles.small),
            table(
                [["#", words["location"], words["score"], words["tier"]]]
                + [
                    [
                        line.rank,
                        line.name,
                        _estimate_text(line.estimate, words),
                        words["tier_heading"].format(tier=line.tier),
                    ]
                    for line in report.leaders
                ],
                [10 * mm, 45 * mm, None, 30 * mm],
                extra=shading,
            ),
        ]
    story += [
        para(words["missed_norms"], subheading),
        table(
            [[words["norm"], words["missed"], words["target"], words["verdict"]]]
            + [
                [
                    row.norm,
                    f"{row.missed} / {row.rate.n}: {_estimate_text(row.miss_rate, words)}",
                    f"{row.target * 100:.0f} %",
                    f"{MET} {words['meets_target']}"
                    if row.meets_target
                    else f"{MISSED} {words['below_target']}",
                ]
                for row in report.missed_norms
            ],
            [None, 50 * mm, 18 * mm, 32 * mm],
        ),
    ]
    from reports.labels import rung_name

    story += [
        para(words["loyalty"], subheading),
        table(
            [
                [rung_name(rung, report.language) for rung in report.loyalty],
                [str(count) for count in report.loyalty.values()],
            ],
        ),
    ]
    story += [
        para(words["persona_gap"], subheading),
        table(
            [[words["persona"], words["score"], words["gap"]]]
            + [
                [
                    line.persona,
                    _estimate_text(line.estimate, words),
                    NO_VALUE
                    if line.gap is None
                    else (
                        f"{line.gap * 100:+.0f} % ("
                        + (
                            words["clearly_different"]
                            if line.clearly_different
                            else words["not_clearly_different"]
                        )
                        + ")"
                    ),
                ]
                for line in report.personas
            ],
            [40 * mm, None, 55 * mm],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
