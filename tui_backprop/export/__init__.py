"""Headless outputs of a trace: the seed-style summary, and the trace as text, JSON or markdown.

Like the core, nothing here imports Textual or Rich.
"""

from .json_trace import trace_json
from .markdown import trace_markdown
from .summary import summary
from .text import trace_text

FORMATS = {"text": trace_text, "json": trace_json, "markdown": trace_markdown}
"""`trace --format` choices: each a function (trace, decimals) -> iterator of text chunks."""

__all__ = ["FORMATS", "summary", "trace_json", "trace_markdown", "trace_text"]
