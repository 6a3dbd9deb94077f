"""policypack: one trust.yml in, a complete policy pack on patients recording their care out.

The data flow is the layout of this package, five stages, each importing only from the ones
before it (tests/test_layout.py):

    reading/     trust.yml -> plain data with line numbers -> a validated Trust (pydantic),
                 or every error at once; the JSON Schema
    checking/    the governance gates (review date, approvals) and readability scores
    composing/   Trust -> PackContext (the one thing templates see) -> Markdown pages, in
                 each of the pack's languages; the document facts, worded once
    publishing/  Markdown -> PDFs (Typst) and the site (the site engine), swapped into
                 OUT/<slug>/; build state in the cache; the index of every pack
    commands/    the `policypack` command: build, validate, check, diff, serve, init ...

and four modules every stage shares: errors.py (every error, one line, with its exit code),
resources.py (where templates and data come from), caching.py (the cache folder) and i18n.py
(languages and translation at run time).
"""

from __future__ import annotations

__version__ = "0.1.0"
