"""A real, throwaway Dovecot IMAP server for the mailbox tests and the benchmark.

Debian's ``dovecot-imapd`` (``/usr/sbin/dovecot``) runs in the foreground (``dovecot -F -c conf``)
with a config, a Maildir and a passwd-file in a temporary folder, on 127.0.0.1 and a free port,
plain IMAP (no TLS). As root, the mail belongs to Dovecot's own ``dovecot`` user; otherwise to
the user running the tests.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

DOVECOT = os.environ.get("DOVECOT_BIN", "/usr/sbin/dovecot")
USER = "desk@office.example.jp"
PASSWORD = "imap-Test-pass-1"  # the mailbox login of the throwaway server, not a CCUS secret


def dovecot_available() -> bool:
    return os.access(DOVECOT, os.X_OK)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DovecotServer:
    def __init__(self, *, tls: bool = False, capability: str = "") -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ccus-dovecot-"))
        self.root.chmod(0o755)
        self.port = _free_port()
        # With ``tls``: IMAPS on ``tls_port`` with a self-made certificate no client trusts.
        self.tls_port = _free_port() if tls else 0
        self.process: subprocess.Popen | None = None
        # With ``capability``: the CAPABILITY list the server announces instead of its own
        # (e.g. one without IDLE, as some office mail servers have).
        self.capability = capability
        if os.geteuid() == 0:
            account = pwd.getpwnam("dovecot")
            self.uid, self.gid = account.pw_uid, account.pw_gid
            self.internal_user = "dovecot"
            self.login_user = "dovenull"
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
            self.internal_user = self.login_user = getpass.getuser()
        self.mail_root = self.root / "mail"
        self.mail_root.mkdir()
        os.chown(self.mail_root, self.uid, self.gid)
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        if tls:
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "1",
                    "-subj",
                    "/CN=localhost",
                    "-keyout",
                    str(self.root / "key.pem"),
                    "-out",
                    str(self.root / "cert.pem"),
                ],
                check=True,
                capture_output=True,
            )
        self._write_config()

    @property
    def maildir(self) -> Path:
        """The INBOX's Maildir (other folders are ``.<name>`` inside it)."""
        return self.mail_root / USER

    def url(self, folder: str = "INBOX", *, password: str = PASSWORD, port: int | None = None):
        return (
            f"imap://{quote(USER, safe='')}:{quote(password, safe='')}@127.0.0.1:"
            f"{port or self.port}/{quote(folder)}"
        )

    def _write_config(self) -> None:
        root = self.root
        (root / "dovecot.conf").write_text(f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
{f"imap_capability = {self.capability}" if self.capability else ""}
{self._ssl_settings()}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {self.internal_user}
default_login_user = {self.login_user}
first_valid_uid = 1
mail_location = maildir:{self.mail_root}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={self.mail_root}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  inet_listener http {{
    port = 0
  }}
}}
""")

    def _ssl_settings(self) -> str:
        if not self.tls_port:
            return "ssl = no"
        return f"ssl = yes\nssl_cert = <{self.root}/cert.pem\nssl_key = <{self.root}/key.pem"

    def start(self, timeout: float = 15.0) -> None:
        log = open(self.root / "dovecot.out", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("dovecot exited: " + self.log_text())
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock,
            ):
                if sock.recv(100).startswith(b"* OK"):
                    return
            time.sleep(0.1)
        raise RuntimeError("dovecot did not answer: " + self.log_text())

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        # The listener may linger a moment after the master exits.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.1)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log_text(self) -> str:
        parts = []
        for name in ("dovecot.out", "dovecot.log"):
            path = self.root / name
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    # --- talking to it as a mail client would ----------------------------------------------

    def client(self):
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(USER, PASSWORD)
        return client

    def append(self, message: bytes, *, folder: str = "INBOX", seen: bool = False) -> None:
        with contextlib.closing(_Session(self)) as session:
            if not session.client.folder_exists(folder):
                session.client.create_folder(folder)
            session.client.append(folder, message, flags=(b"\\Seen",) if seen else ())

    def append_many(self, messages, *, folder: str = "INBOX") -> None:
        with contextlib.closing(_Session(self)) as session:
            for message, seen in messages:
                session.client.append(folder, message, flags=(b"\\Seen",) if seen else ())

    def snapshot(self, folder: str = "INBOX") -> tuple[int, frozenset[int]]:
        """(number of messages, UIDs flagged \\Seen), read without changing anything."""
        with contextlib.closing(_Session(self)) as session:
            info = session.client.select_folder(folder, readonly=True)
            flags = (
                session.client.fetch(session.client.search(["ALL"]), ["FLAGS"])
                if info[b"EXISTS"]
                else {}
            )
            seen = frozenset(uid for uid, data in flags.items() if b"\\Seen" in data[b"FLAGS"])
            return int(info[b"EXISTS"]), seen

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with contextlib.closing(_Session(self)) as session:
            return int(session.client.select_folder(folder, readonly=True)[b"UIDVALIDITY"])

    def forget_uids(self) -> None:
        """What a restored or migrated mail server does: the INBOX gets a new UIDVALIDITY and
        new UIDs, the messages (and their \\Seen flags, kept in the file names) stay."""
        self.stop()
        for path in self.maildir.glob("dovecot*"):
            path.unlink()
        # Dovecot takes a new UIDVALIDITY from the clock (seconds): make sure it is another one.
        time.sleep(1.1)
        self.start()

    def write_maildir(self, messages, *, start: int = 0) -> None:
        """Put messages straight into the INBOX's Maildir (fast set-up for the benchmark)."""
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        host = socket.gethostname().replace("/", "_")
        for n, (message, seen) in enumerate(messages, start=start):
            name = f"{1_700_000_000 + n}.M{n}P{os.getpid()}.{host},S={len(message)}:2,"
            path = self.maildir / "cur" / (name + ("S" if seen else ""))
            path.write_bytes(message)
        for path in [self.maildir, *self.maildir.rglob("*")]:
            os.chown(path, self.uid, self.gid)


class _Session:
    def __init__(self, server: DovecotServer) -> None:
        self.client = server.client()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.logout()
