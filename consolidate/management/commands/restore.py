from django.core.management.base import BaseCommand, CommandError

from consolidate.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder (made by `backup`) into an EMPTY database and an empty media "
        "folder; a database with tables or a folder with files is refused. Run `migrate` after."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup's folder, e.g. var/backups/20270301-013000")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument("--media-root", help="where the files go (default: MEDIA_ROOT)")

    def handle(self, *args, backup, database="default", media_root=None, **options):
        try:
            restore_backup(backup, alias=database, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {backup}.")
