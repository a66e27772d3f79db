"""Watch the office mailbox with IMAP IDLE (the `mail` process of Procfile and docker compose)."""

import signal
import threading

from django.core.management.base import BaseCommand

from inbox.watch import MailWatcher


class Command(BaseCommand):
    help = (
        "事務所のメールボックスを IMAP IDLE で見張り、CCUSのメールが届いたらすぐに記録します"
        "(IDLE のないサーバーでは beat の1分ごとの確認だけ)。SIGTERM/SIGINT で終了します。"
    )

    def handle(self, *args, **options) -> None:
        watcher = MailWatcher()

        def stop(signum, frame) -> None:
            # Event.set takes a lock the interrupted main thread may hold: set it from a thread.
            threading.Thread(target=watcher.stop.set, daemon=True).start()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        watcher.run()
