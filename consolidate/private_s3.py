"""The receipts' bucket folder: like the local private folder, it has no address to link to.

A module of its own so that boto3 is imported only where object storage is configured.
"""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("These files have no public address: a view checks who asks for them.")
