"""Site generation: YAML rules -> Markdown pages, rules JSON, runtime -> mkdocs-material site."""
