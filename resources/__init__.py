"""Bundled resources: sample feed, keymap, icons, stylesheet."""
