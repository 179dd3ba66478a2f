"""Renderers: one report model in, text in a format out. None of them compute scores."""
