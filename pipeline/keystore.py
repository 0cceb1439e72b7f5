"""The pseudonym key on disk: an encrypted file the researcher controls, never in the database.

Format: a small JSON envelope ``{"format": "telaah-pseudonym-key", "version": 1, "kdf": "scrypt", "n", "r",
"p", "salt", "token"}`` where ``token`` is a Fernet token (AES-128-CBC + HMAC-SHA256, from ``cryptography``) of the
key's JSON, encrypted with a key derived from the passphrase by scrypt. A wrong passphrase or a changed file fails
the HMAC check and raises ``PrivacyError``. Writes go to a temporary file in the same folder that then replaces
the old one (``os.replace``), so a crash never leaves a half-written key; the file is readable by its owner only.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from pathlib import Path

from pipeline.errors import PrivacyError
from pipeline.privacy import PseudonymKey

FORMAT = "telaah-pseudonym-key"
KEY_FILE = "pseudonyms.key"
# scrypt cost: 2**15 x 8 x 128 bytes = 32 MiB and about 0.1 s per open, as the cryptography docs suggest.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def default_key_path(data_dir: str | os.PathLike | None = None) -> Path:
    """``<data_dir>/pseudonyms.key`` (data_dir defaults to ``TELAAH_HOME`` or ``./.telaah``)."""
    if data_dir is None:
        data_dir = os.environ.get("TELAAH_HOME") or ".telaah"
    return Path(data_dir) / KEY_FILE


def _fernet(passphrase: str, salt: bytes, n: int, r: int, p: int):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not passphrase:
        raise PrivacyError("the passphrase of the pseudonym key is empty; give a non-empty passphrase")
    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(raw))


def encrypt(key: PseudonymKey, passphrase: str, *, n: int = SCRYPT_N) -> bytes:
    """The encrypted file content for ``key``."""
    salt = os.urandom(16)
    token = _fernet(passphrase, salt, n, SCRYPT_R, SCRYPT_P).encrypt(
        json.dumps(key.to_dict(), ensure_ascii=False).encode("utf-8")
    )
    envelope = {
        "format": FORMAT,
        "version": 1,
        "kdf": "scrypt",
        "n": n,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode("ascii"),
        "token": token.decode("ascii"),
    }
    return json.dumps(envelope, indent=1).encode("utf-8")


def decrypt(data: bytes, passphrase: str, *, where: str = "pseudonym key") -> PseudonymKey:
    """The key in an encrypted file content.

    Raises:
        PrivacyError: not a telaah key file, or the passphrase is wrong (or the file was changed).
    """
    from cryptography.fernet import InvalidToken

    try:
        envelope = json.loads(data.decode("utf-8"))
        if envelope.get("format") != FORMAT or envelope.get("kdf") != "scrypt":
            raise ValueError("unknown format")
        salt = base64.b64decode(envelope["salt"])
        fernet = _fernet(passphrase, salt, int(envelope["n"]), int(envelope["r"]), int(envelope["p"]))
        token = envelope["token"].encode("ascii")
    except PrivacyError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PrivacyError(f"{where}: not a telaah pseudonym key file ({exc})") from exc
    try:
        plain = fernet.decrypt(token)
    except InvalidToken as exc:
        raise PrivacyError(
            f"{where}: wrong passphrase, or the key file was changed; give the passphrase the key was made with "
            "(--passphrase-file, TELAAH_PASSPHRASE or the prompt)"
        ) from exc
    return PseudonymKey.from_dict(json.loads(plain.decode("utf-8")))


def load_key(path: str | os.PathLike, passphrase: str) -> PseudonymKey:
    """The key stored at ``path``; an empty key when the file does not exist yet.

    Raises:
        PrivacyError: the file cannot be read, is not a key file, or the passphrase is wrong.
    """
    file = Path(path)
    if not file.exists():
        _fernet(passphrase, b"0" * 16, 2, 1, 1)  # still refuse an empty passphrase
        return PseudonymKey()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise PrivacyError(f"{file}: cannot read the pseudonym key ({exc.strerror})") from exc
    return decrypt(data, passphrase, where=str(file))


def save_key(path: str | os.PathLike, key: PseudonymKey, passphrase: str, *, n: int | None = None) -> Path:
    """Encrypt ``key`` and write it to ``path`` atomically (temporary file + ``os.replace``), mode 0600.

    When a key file exists, ``passphrase`` must open it, so a mistyped passphrase never replaces the key with one
    nobody can open.

    Raises:
        PrivacyError: the passphrase does not open the existing key, or the file cannot be written.
    """
    file = Path(path)
    if file.exists():
        load_key(file, passphrase)
    data = encrypt(key, passphrase, n=n or SCRYPT_N)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise PrivacyError(f"{file}: cannot write the pseudonym key ({exc.strerror}); check the folder") from exc
    return file


class KeySession:
    """The key for one ``telaah run``: loaded once, filled before anything is stored, saved at once.

    ``prepare`` pseudonymises every file of the batch in order, only to learn the names and identifiers they
    contain, and saves the key before any transcript is stored. The parallel tasks then get a key that already
    holds every pseudonym they need, so files processed at the same time never hand out the same number twice,
    and a crash mid-run never leaves stored pseudonyms without their key.
    """

    def __init__(self, path: str | os.PathLike, passphrase: str) -> None:
        self.path = Path(path)
        self.passphrase = passphrase
        self.key = load_key(self.path, passphrase)

    def prepare(self, files, settings: dict | None = None) -> PseudonymKey:
        """Learn the pseudonyms of ``files`` (unreadable files are left to the run to report); save; return."""
        from pipeline.errors import PipelineError
        from pipeline.ingest import read_transcript
        from pipeline.privacy import pseudonymise

        with _locked(self.path):
            # Re-read under the lock: another run may have added pseudonyms since this session opened the key.
            key = self.key = load_key(self.path, self.passphrase)
            for file in files:
                try:
                    _, key = pseudonymise(read_transcript(file, settings=settings), key, settings=settings)
                except PipelineError:
                    continue
            if key != self.key or not self.path.exists():
                save_key(self.path, key, self.passphrase)
        self.key = key
        return key


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``<key>.lock`` so that two runs never hand out the same pseudonym (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
