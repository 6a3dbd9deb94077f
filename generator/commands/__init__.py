"""The `policypack` commands: one or many packs built, validated, diffed, previewed
or scaffolded."""
