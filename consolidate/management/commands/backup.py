from django.core.management.base import BaseCommand, CommandError

from consolidate.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files to BACKUP_DIR (or --directory), keeping "
        "the BACKUP_KEEP newest backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="where to write it (default: BACKUP_DIR)")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, directory=None, database="default", **options):
        try:
            backup = make_backup(directory=directory, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(backup))
