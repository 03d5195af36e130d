from django.core.management.base import BaseCommand

from people.second_factor import DEMO_TOTP_SECRET, current_code


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo staff accounts (demo only)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{current_code()}  (secret {DEMO_TOTP_SECRET}, valid 30 seconds)")
