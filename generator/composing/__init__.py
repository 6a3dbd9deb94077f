"""Composing the words: the template context, the Markdown pages in each language,
the document facts, and the catalogue of messages for translators."""
