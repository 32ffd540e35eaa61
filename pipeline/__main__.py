"""``python -m pipeline`` runs the blogrx command line."""

from .cli import app

app(prog_name="blogrx")
