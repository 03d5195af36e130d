"""The framework's floor: bare Django answering one query through a tiny template."""
