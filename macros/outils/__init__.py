"""Layer 6, tools: the command line, scaffolding, spreadsheet campaigns, imports, the web server."""
