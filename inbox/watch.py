"""The `mail` process: IMAP IDLE on the office mailbox, so CCUS's mails are recorded as they come.

The watcher only *notices* mail; every read goes through ``mailbox_fetch``, the same pass beat
runs every minute, so progress, exactly-once recording and health stay in one place. Beat keeps
polling as the fallback: a missed IDLE notification is picked up within a minute.

It never exits on its own (honcho stops every process when one exits): without IMAP_URL, with an
unusable IMAP_URL or on a server without IDLE it says so once and waits for ``stop``; on errors
it keeps the Japanese reason for the dashboard and /healthz and retries with a bounded backoff.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections

from office.services import heartbeat_touch

from .imap import Mailbox, MailboxConfig, MailboxError, parse_imap_url
from .selectors import IDLE_HEARTBEAT, IDLE_HEARTBEAT_EVERY
from .services import UNEXPECTED_ERROR, mailbox_fetch, mailbox_note_health

logger = logging.getLogger(__name__)

# RFC 2177: a client should end IDLE and issue it again at least every 29 minutes.
RENEW_IDLE_AFTER = 25 * 60.0


@dataclass
class MailWatcher:
    """Run with ``run()`` until ``stop`` is set. ``state`` says what it is doing:
    starting, off, polling (no IDLE offered), idling, retrying or stopped."""

    stop: threading.Event = field(default_factory=threading.Event)
    check_every: float = 5.0  # how soon ``stop`` is noticed while idling (no network traffic)
    renew_after: float = RENEW_IDLE_AFTER
    backoff_min: float = 5.0
    backoff_max: float = 300.0
    client_class: type | None = None
    state: str = "starting"
    passes: int = 0  # passes started because the server announced mail (not the catch-up)
    errors: int = 0
    heartbeat_every: float = IDLE_HEARTBEAT_EVERY
    _last_heartbeat: float = field(default=float("-inf"), repr=False)

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.state = "stopped"

    def _run(self) -> None:
        if not settings.IMAP_URL:
            self._wait_forever(
                "off", "IMAP_URL is not set: the office mailbox is off; waiting (nothing to watch)"
            )
            return
        try:
            config = parse_imap_url(settings.IMAP_URL)
        except MailboxError as error:
            self._wait_forever("off", "IMAP_URL cannot be used (%s); waiting", error)
            return
        delay = self.backoff_min
        while not self.stop.is_set():
            try:
                if not self._session(config):
                    self._wait_forever(
                        "polling",
                        "mailbox %s: the server does not offer IDLE; beat polls it every minute",
                        config.folder,
                    )
                    return
                delay = self.backoff_min  # a session ended cleanly (stop or renewal)
            except MailboxError as error:
                self._retry_later(config, str(error), delay)
                delay = min(delay * 2, self.backoff_max)
            except Exception:
                logger.exception("mailbox %s: the watcher failed", config.folder)
                self._retry_later(config, UNEXPECTED_ERROR, delay)
                delay = min(delay * 2, self.backoff_max)

    def _session(self, config: MailboxConfig) -> bool:
        """One connection: IDLE until stopped or broken. False when IDLE is not offered."""
        kwargs = {"timeout": settings.MAILBOX_TIMEOUT}
        if self.client_class is not None:
            kwargs["client_class"] = self.client_class
        with Mailbox(config, **kwargs) as box:
            if not box.supports_idle():
                return False
            box.examine()
            self._fetch(config)  # what came while nobody was idling
            self.state = "idling"
            logger.info("mailbox %s: waiting for new mail (IDLE)", config.folder)
            while not self.stop.is_set():
                if box.idle_until_new_mail(
                    stop=self._stop_or_beat,
                    renew_after=self.renew_after,
                    check_every=self.check_every,
                ):
                    self.passes += 1
                    self._fetch(config)
        return True

    def _stop_or_beat(self) -> bool:
        """Asked by the IDLE loop every ``check_every`` s: whether to stop; meanwhile tell
        /healthz that IDLE is active (a heartbeat at most every ``heartbeat_every`` s)."""
        now = time.monotonic()
        if now - self._last_heartbeat >= self.heartbeat_every:
            self._last_heartbeat = now
            try:
                close_old_connections()
                heartbeat_touch(name=IDLE_HEARTBEAT)
            except Exception:
                logger.warning("mailbox: could not record the IDLE heartbeat")
        return self.stop.is_set()

    def _fetch(self, config: MailboxConfig) -> None:
        close_old_connections()  # a long-lived process: never reuse a connection the DB closed
        kwargs = {"config": config}
        if self.client_class is not None:
            kwargs["client_class"] = self.client_class
        report = mailbox_fetch(**kwargs)  # keeps health; raises MailboxError when it cannot read
        if report.recorded or report.unassigned:
            logger.info(
                "mailbox %s: %d mail(s) recorded on cases, %d unassigned",
                config.folder,
                report.recorded,
                report.unassigned,
            )

    def _retry_later(self, config: MailboxConfig, error: str, delay: float) -> None:
        try:
            close_old_connections()
            mailbox_note_health(config.folder, error=error)
        except Exception:  # the database is down too: say so, and never exit
            logger.exception("mailbox %s: could not keep the error for /healthz", config.folder)
        self.state = "retrying"
        self.errors += 1  # after the health row: whoever sees the count also sees the error
        logger.warning("mailbox %s: %s; trying again in %.0f s", config.folder, error, delay)
        self.stop.wait(delay)

    def _wait_forever(self, state: str, message: str, *args) -> None:
        self.state = state
        logger.info(message, *args)
        self.stop.wait()
