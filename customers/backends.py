"""Sign-in by e-mail, phone or (for staff) user name, with a lockout after repeated wrong passwords.

The shop and the counter logins both use EmailOrPhoneBackend, so the lockout
covers both. Failures are counted per login (not per address), so guessing
one customer's password from many addresses is stopped as well.
"""

import hashlib
import logging

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models import Q

from .models import User
from .phones import normalize_phone

logger = logging.getLogger(__name__)

MAX_FAILED_ATTEMPTS = 5
# The window in which the failures are counted, and the length of the lockout, in seconds.
FAILURE_WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60


def _throttle_key(kind: str, login: str) -> str:
    """Return the cache key of a login; hashed because the cache key must not contain spaces or @."""
    normalized = normalize_phone(login) or login.strip().lower()
    return f"customers.login.{kind}.{hashlib.sha256(normalized.encode()).hexdigest()}"


def login_locked(login: str) -> bool:
    """Return whether sign-in with this e-mail, phone or user name is locked after too many failures."""
    return bool(login) and cache.get(_throttle_key("locked", login)) is not None


def _record_failure(login: str) -> None:
    failures_key = _throttle_key("failures", login)
    cache.add(failures_key, 0, timeout=FAILURE_WINDOW_SECONDS)
    try:
        failures = cache.incr(failures_key)
    except ValueError:
        # The counter expired between add() and incr(); this failure starts a new window.
        cache.set(failures_key, 1, timeout=FAILURE_WINDOW_SECONDS)
        failures = 1
    if failures >= MAX_FAILED_ATTEMPTS:
        cache.set(_throttle_key("locked", login), True, timeout=LOCKOUT_SECONDS)
        cache.delete(failures_key)
        logger.warning(
            "Sign-in locked for %d minutes after %d failed attempts: login %r",
            LOCKOUT_SECONDS // 60,
            failures,
            login,
        )


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not login or password is None:
            return None
        if login_locked(login):
            # Even the right password is rejected until the lockout ends.
            logger.info("Sign-in rejected while locked: login %r", login)
            return None

        user = self._check_password(login, password)
        if user is None:
            _record_failure(login)
            return None
        cache.delete(_throttle_key("failures", login))
        return user

    def _check_password(self, login: str, password: str) -> User | None:
        condition = Q(username=login) | Q(email__iexact=login)
        phone = normalize_phone(login)
        if phone:
            condition |= Q(phone=phone)
        user = User.objects.filter(condition).order_by("pk").first()
        if user is None:
            # Hash anyway so that a missing login takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
