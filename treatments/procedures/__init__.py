"""Procedure pages: their declared structure, their views, their reading grades."""
