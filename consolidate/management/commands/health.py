import json

from django.core.management.base import BaseCommand, CommandError

from consolidate.health import CHECKS, readiness


class Command(BaseCommand):
    help = "Run the /health/ready checks (all, or those named) and fail if one fails."

    def add_arguments(self, parser):
        parser.add_argument("checks", nargs="*", metavar="CHECK", help=", ".join(CHECKS))

    def handle(self, *args, checks, **options):
        unknown = set(checks) - set(CHECKS)
        if unknown:
            raise CommandError(f"no such check: {', '.join(sorted(unknown))}")
        body = readiness(checks)
        self.stdout.write(json.dumps(body, indent=2))
        if body["failing"]:
            raise CommandError(f"not ready: {', '.join(body['failing'])}")
