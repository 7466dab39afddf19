"""Layer 3, rendering: one module per kind of page or fragment, charts, maps, escaping.

Takes a loaded corpus and an edition; returns Markdown, HTML or SVG text. No MkDocs.
"""
