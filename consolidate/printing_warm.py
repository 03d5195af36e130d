"""Imported by the fork server of ``printing`` when it starts: WeasyPrint imported and warm,
so that every child forked from it prints at once."""

from consolidate.printing import warm_up

warm_up()
