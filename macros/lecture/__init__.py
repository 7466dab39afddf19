"""Layer 2, reading: YAML, Markdown, spreadsheets and git read and validated into the domain.

Every problem is collected as ``file:line: message`` in French (``erreurs.Collecteur``).
"""
