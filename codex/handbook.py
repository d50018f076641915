"""The codex as the handbook a client's staff train from (seed 004's "Értékesítési és
ügyfélkezelési kódex"): per encounter situation its process, each step with its goal and the
effect it should have on the customer, the details that can change the customer's opinion
(checkpoints), and the rules of behaviour (norms) with their targets and where each comes from:
the behaviour's source and the target's source, two separate facts.

Nothing of the audit method is in it: no personas, no questions, no guidance for auditors.
"""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from codex.constants import Direction, DurationUnit, NormBasis, NormMeasure
from codex.document import export_document
from codex.formats import write_yaml
from codex.models import CodexVersion
from reports.pdf import FONT, FONT_BOLD, _paragraph, _register_fonts, _styles


def content_hash(version: CodexVersion) -> str:
    """The version's whole content (every text in every language, every value): what a
    sign-off is a sign-off of. A published version's never changes: it is kept from its
    publication."""
    if version.is_published and version.content_hash:
        return version.content_hash
    return hashlib.sha256(write_yaml(export_document(version))).hexdigest()


def _number(value: Decimal | float, digits: int = 1) -> str:
    value = Decimal(value)
    shown = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    return formats.number_format(
        shown, decimal_pos=None if shown == value else digits, use_l10n=True
    )


def duration(seconds: Decimal, unit: str) -> str:
    """A time limit in the unit the norm is shown in: "8 seconds", "24 hours"."""
    if unit == DurationUnit.HOURS:
        count = Decimal(seconds) / 3600
        return ngettext("%(n)s hour", "%(n)s hours", int(count) if count == int(count) else 2) % {
            "n": _number(count)
        }
    if unit == DurationUnit.MINUTES:
        count = Decimal(seconds) / 60
        return ngettext(
            "%(n)s minute", "%(n)s minutes", int(count) if count == int(count) else 2
        ) % {"n": _number(count)}
    count = Decimal(seconds)
    return ngettext("%(n)s second", "%(n)s seconds", int(count) if count == int(count) else 2) % {
        "n": _number(count)
    }


def basis_name(basis: str) -> str:
    return {
        NormBasis.TEXTS: _("the source texts"),
        NormBasis.CONVENTION: _("the agency's convention"),
        NormBasis.CLIENT: _("the client's own decision"),
    }[basis]


def norm_target(norm) -> str:
    """What a norm asks, in words: the time limit (with its partial credit) and the share of
    visits."""
    parts = []
    if norm.measure == NormMeasure.MAX_DURATION and norm.threshold_seconds is not None:
        limit = _("within %(limit)s") % {
            "limit": duration(norm.threshold_seconds, norm.display_unit)
        }
        if norm.partial_credit_until_seconds is not None:
            limit += " " + _("(partial credit until %(limit)s)") % {
                "limit": duration(norm.partial_credit_until_seconds, norm.display_unit)
            }
        parts.append(limit)
    percent = _number(Decimal(norm.target_rate) * 100)
    parts.append(_("met in %(percent)s %% of visits") % {"percent": percent})
    return "; ".join(parts)


def render_handbook_pdf(version: CodexVersion, language: str) -> bytes:
    """The version's handbook in ``language`` (its texts, and ours)."""
    with translation.override(language):
        return _render(version, language)


def _render(version: CodexVersion, language: str) -> bytes:
    _register_fonts()
    styles = _styles()
    body, small, heading, subheading = styles.body, styles.small, styles.heading, styles.subheading
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD, spaceBefore=3 * mm)
    rule = ParagraphStyle("rule", parent=body, leftIndent=6 * mm)
    source = ParagraphStyle("source", parent=small, leftIndent=6 * mm)
    title = _("Sales and customer-handling codex")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title}: {version.client.name}",
        author=version.client.name,
        lang=language,
    )
    para = _paragraph
    phases = list(version.phases.all())
    channels = {channel.key: channel.name for channel in version.channels.all()}
    checkpoints = list(version.checkpoints.prefetch_related("situations", "norms"))
    if version.is_published:
        state = _("Version %(number)d, published %(date)s") % {
            "number": version.number,
            "date": formats.date_format(version.published_at, "SHORT_DATE_FORMAT"),
        }
    else:
        state = _("Version %(number)d, a draft") % {"number": version.number}
    story = [
        para(title, heading),
        para(version.client.name, subheading),
        para(state, small),
        Spacer(1, 4 * mm),
        para(
            _(
                "This handbook sets out how we serve our customers in each encounter situation: "
                "the process, its steps with the goal of each and the effect it should have on "
                "the customer, the details that can change the customer's final opinion, and "
                "the rules of behaviour with their targets. For each rule it says where the "
                "behaviour comes from and where its target comes from."
            ),
            body,
        ),
        Spacer(1, 2 * mm),
        para(_("Channels: %(channels)s") % {"channels": ", ".join(channels.values())}, body),
        Spacer(1, 4 * mm),
        para(_("The phases of the service encounter"), subheading),
    ]
    for number, phase in enumerate(phases, 1):
        story.append(
            KeepTogether(
                [
                    para(f"{number}. {phase.name}", bold),
                    *(
                        [para(_("Goal: %(goal)s") % {"goal": phase.goal}, body)]
                        if phase.goal
                        else []
                    ),
                    *(
                        [
                            para(
                                _("Effect on the customer: %(effect)s") % {"effect": phase.effect},
                                body,
                            )
                        ]
                        if phase.effect
                        else []
                    ),
                ]
            )
        )
    for situation in version.situations.prefetch_related("steps__phase"):
        story += [PageBreak(), para(situation.name, heading)]
        if situation.description:
            story.append(para(situation.description, body))
        who = (
            _("Staff contact the customer.")
            if situation.direction == Direction.OUTBOUND
            else _("The customer contacts us.")
        )
        story += [para(who, small), Spacer(1, 2 * mm), para(_("The process"), subheading)]
        for number, step in enumerate(situation.steps.all(), 1):
            block = [
                para(f"{number}. {step.name or step.goal} ({step.phase.name})", bold),
                para(_("Goal: %(goal)s") % {"goal": step.goal}, body),
            ]
            if step.effect:
                block.append(
                    para(_("Effect on the customer: %(effect)s") % {"effect": step.effect}, body)
                )
            details = [
                checkpoint
                for checkpoint in checkpoints
                if checkpoint.step_key == step.key
                and (not checkpoint.situations.all() or situation in checkpoint.situations.all())
            ]
            story.append(KeepTogether(block))
            for checkpoint in details:
                story.extend(_checkpoint(checkpoint, channels, body, rule, source, para))
    story += [PageBreak(), para(_("Where the rules come from"), subheading)]
    story.append(
        para(
            _(
                "The source texts are the texts this codex was drawn from. Where they name a "
                "behaviour but no number, the time limit or the share of visits is the "
                "agency's convention, or the client's own decision; each rule says which."
            ),
            body,
        )
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(18 * mm, 10 * mm, f"{title} · {version.client.name} · {state}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _checkpoint(checkpoint, channels, body, rule, source, para) -> list:
    line = f"• {checkpoint.name}"
    if checkpoint.channels:
        line += " — " + _("only: %(channels)s") % {
            "channels": ", ".join(str(channels.get(key, key)) for key in checkpoint.channels)
        }
    block: list[Paragraph] = [para(line, body)]
    if checkpoint.description:
        block.append(para(checkpoint.description, rule))
    for norm in checkpoint.norms.all():
        block.append(para(norm.rule, rule))
        block.append(para(_("Measured: %(target)s.") % {"target": norm_target(norm)}, source))
        said = _("Behaviour: %(basis)s. Target: %(target)s.") % {
            "basis": basis_name(norm.basis),
            "target": basis_name(norm.target_basis),
        }
        block.append(para(said, source))
    return [KeepTogether(block)]
