"""Who may change data: password hashing and checks, the throttle, and the access mode.

No Streamlit here: the pages ask :func:`access_mode` what applies and keep the signed-in
state themselves. Passwords are never stored: an editor password is configured as a salted
scrypt hash (``python -m budget hash-password`` prints one), compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time

#: scrypt's cost: about 50 ms and 16 MB a check, so guessing is slow and a check is not.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
LOCAL_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})

#: How the app decides who may write.
OIDC, PASSWORD, LOCAL, READ_ONLY = "oidc", "password", "local", "read-only"


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``password`` as one string: ``scrypt$n$r$p$salt$hash``."""
    if not password:
        raise ValueError("a password cannot be empty")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    encode = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash from :func:`hash_password` (False for a malformed one)."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt, validate=True), n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


class Throttle:
    """Growing waits after failed sign-ins: after the n-th failure in a row, the next attempt
    is refused for ``2 ** (n - 1)`` seconds (1, 2, 4, … up to ``cap``). One throttle per
    server process: a new browser session does not reset it."""

    def __init__(self, cap: float = 60.0, clock=time.monotonic):
        self.cap, self.clock = cap, clock
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds before ``key`` may try again (0 when it may now)."""
        with self._lock:
            return max(0.0, self._until.get(key, 0.0) - self.clock())

    def failed(self, key: str) -> float:
        """Record a failure; return the wait it earns."""
        with self._lock:
            count = self._failures.get(key, 0) + 1
            self._failures[key] = count
            delay = min(self.cap, 2.0 ** (count - 1))
            self._until[key] = self.clock() + delay
            return delay

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._until.pop(key, None)


def access_mode(oidc_configured: bool, password_hash: str | None, address: str | None) -> str:
    """How editors are recognised.

    OIDC (``st.login``) when an ``[auth]`` section is configured; else a password when its
    hash is set; with neither, the single local user is an editor only when the server
    listens on localhost alone, and anywhere else the app is read-only.
    """
    if oidc_configured:
        return OIDC
    if password_hash:
        return PASSWORD
    if (address or "").strip().lower() in LOCAL_ADDRESSES:
        return LOCAL
    return READ_ONLY
