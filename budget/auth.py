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

from budget.i18n import plain

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

    def __init__(self, cap: float = 60.0, clock=time.monotonic, forget_after: float = 900.0):
        self.cap, self.clock, self.forget_after = cap, clock, forget_after
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds before ``key`` may try again (0 when it may now)."""
        with self._lock:
            return max(0.0, self._until.get(key, 0.0) - self.clock())

    def begin(self, key: str) -> float:
        """Start an attempt: the seconds to wait first (refused), or 0 with the attempt's slot
        taken, so attempts sent together are checked one by one, not all at once. Follow it
        with :meth:`failed` or :meth:`succeeded`."""
        with self._lock:
            now = self.clock()
            wait = self._until.get(key, 0.0) - now
            if wait > 0:
                return wait
            if now - self._until.get(key, now) > self.forget_after:
                self._failures.pop(key, None)  # quiet for long enough: the count starts again
            # hold the slot for as long as a failure would: a burst waits behind this attempt
            self._until[key] = now + min(self.cap, 2.0 ** self._failures.get(key, 0))
            return 0.0

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


def is_local_request(headers: dict[str, str]) -> bool:
    """Whether a request comes from this computer's own browser, not through a proxy or a
    forwarded port: Host and Origin name localhost, and no forwarding header is present.

    No Host at all only happens without a browser (tests): taken as local.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    if any(h in lowered for h in ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host")):
        return False

    def host_of(value: str) -> str:
        value = value.split("://", 1)[-1].split("/", 1)[0].strip().lower()
        if value.startswith("["):
            return value[1 : value.find("]")]
        return value.rsplit(":", 1)[0] if value.count(":") == 1 else value

    return all(host_of(lowered[name]) in LOCAL_ADDRESSES for name in ("host", "origin") if name in lowered)


def client_key(address: str | None, headers: dict[str, str]) -> str:
    """Who is signing in, for the throttle: the client's address.

    Behind a proxy on this machine (nginx in ``deploy/``) the connection comes from loopback, and
    the proxy names the reader in ``X-Real-IP``. Without it every editor would share one key, and
    anyone could keep them all waiting. The header is believed only from loopback.
    """
    if address and address not in LOCAL_ADDRESSES:
        return address
    real = {k.lower(): v for k, v in headers.items()}.get("x-real-ip", "").strip()
    if real:
        return f"via-proxy:{real[:64]}"
    return address or "unknown"


def oidc_editor(email: object, verified: object, emails: object, domains: object) -> bool:
    """Whether a signed-in OIDC identity is an editor: a verified e-mail on ``editor_emails``
    or in one of ``editor_domains`` (lists in secrets). With neither list, nobody is: signing
    in with a public provider must not make the world an editor."""
    if not email or verified is False:
        return False
    address = str(email).strip().lower()
    allowed = {str(e).strip().lower() for e in (emails or [])}
    domains_ok = {str(d).strip().lower().lstrip("@") for d in (domains or [])}
    return address in allowed or address.rsplit("@", 1)[-1] in domains_ok


def plain_text(value: object) -> str:
    """A name typed at sign-in made inert where Markdown is shown (link and emoji marks too)."""
    return plain(value, also="()!:")
