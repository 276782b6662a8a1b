"""timeline: turn a folder of news articles into a dated, sourced timeline website."""

__version__ = "0.1.0"
