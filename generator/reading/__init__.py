"""Reading a trust.yml: YAML with line numbers, the typed model, defaults and
every check on the config, down to one validated Trust (and its JSON Schema)."""
