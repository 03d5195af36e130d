"""Per-language formats (Django's FORMAT_MODULE_PATH): ``<language>/formats.py``."""
