"""The document facts, worded once: the same line in the site's footer and document information
and in every PDF (running footer and body), in the build's language (guidance 5.16, ISAS PE1(c)).

Each fact is a label and a value ("Review date: 1 March 2027"), so that nothing inserted into a
sentence needs a grammatical change in another language (Welsh mutation, English articles).
"""

from __future__ import annotations

from generator import i18n
from generator.composing.context import PackContext
from generator.i18n import N_

SEPARATOR = " · "


def document_facts(ctx: PackContext) -> tuple[str, ...]:
    """Version, publication date and review date, each as shown: ('Version 2.1',
    'Published: 9 March 2026', 'Review date: 1 March 2027'). A draft is marked DRAFT and
    not yet published, whatever dates it carries."""
    t = i18n.translator(ctx.language).gettext
    d = ctx.document
    values = {"version": d.version}
    version = t(N_("Version %(version)s DRAFT") if d.is_draft else N_("Version %(version)s"))
    if d.published_on and not d.is_draft:
        published = t(N_("Published: %(date)s")) % {"date": d.published_on}
    else:
        published = t(N_("Not yet published"))
    review = t(N_("Review date: %(date)s")) % {"date": d.review_by}
    return (version % values, published, review)


def facts_line(ctx: PackContext) -> str:
    """The facts as one line: 'Version 2.1 · Published: 9 March 2026 · Review date: 1 March 2027'."""
    return SEPARATOR.join(document_facts(ctx))


def review_due_notice(ctx: PackContext) -> tuple[str, str]:
    """The label and text of the notice shown while the review is due (`ctx.review_due`):
    ('Review due', 'this policy must be reviewed by 1 March 2027.')."""
    t = i18n.translator(ctx.language).gettext
    return (
        t(N_("Review due")),
        t(N_("this policy must be reviewed by %(review)s.")) % {"review": ctx.document.review_by},
    )
