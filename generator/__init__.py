"""policypack: one trust.yml in, a complete policy pack on patients recording their care out.

The data flow is the layout of this package:

    source.py   trust.yml -> plain data with the line and column of every key
    model.py    the typed, documented shape of trust.yml (pydantic)
    config.py   data + defaults.yml -> a validated Trust, or every error at once
    context.py  Trust -> PackContext, the one thing templates see
    render.py   PackContext -> Markdown pages (Jinja, StrictUndefined)
    site.py     Markdown -> MkDocs build (the only module that knows the site engine)
    build.py    the pipeline for one or many packs, and the index of packs
    cli.py      the `policypack` command
"""

from __future__ import annotations

__version__ = "0.1.0"
