"""Generator for the smart-city case catalogue.

The data flows through one module per step: load → validate → model → render → write.
Nothing here imports MkDocs: the generator emits plain Markdown that any static site tool can read.
"""

SCHEMA_VERSION = "2.0.0"
