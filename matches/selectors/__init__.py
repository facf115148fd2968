"""Reads of the matches app that several views share (views import these, never each other)."""
