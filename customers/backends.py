"""Sign-in by e-mail, phone or (for staff) user name."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User
from .phones import normalize_phone


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not login or password is None:
            return None

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
