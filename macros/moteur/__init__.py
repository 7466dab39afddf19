"""Layer 5, the engine adapter: the only code that imports MkDocs (hooks, macros, build state).

A move to another engine (ProperDocs, Zensical) rewrites this package only.
"""
