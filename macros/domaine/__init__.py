"""Layer 1, the domain: schema, corpus, editions, pure computations, French formatting.

Imports nothing else of the engine. No file is read here, no HTML is written.
"""
