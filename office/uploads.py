"""Uploaded files stay in memory, never in a temporary file on disk.

An uploaded client CSV may hold CCUS passwords before the import masks it, so it must never be
written to the system's temporary folder, which Django's default handlers do past 2.5 MB. This
handler keeps at most ``FILE_UPLOAD_MAX_MEMORY_SIZE`` bytes of a file (and drops the rest as it
arrives, so a huge upload costs no memory); the file keeps its real size, so the form refuses it
with a message that names the limit.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class MemoryOnlyUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()
        self.limit = settings.FILE_UPLOAD_MAX_MEMORY_SIZE

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.limit + 1 - self.file.tell()
        if room > 0:
            self.file.write(raw_data[:room])
        # None: no other handler sees the data (there is none).

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
