"""Customers: logins, customer profiles and shop sign-up.

Other apps use the functions named in __all__ (customers.register_customer(...));
they load on first use, after Django has loaded the apps.
"""

from config.lazy_exports import lazy_exports

_PUBLIC = {
    "register_customer": "registration",
    "login_taken": "registration",
    "RegistrationError": "registration",
    "LoginTaken": "registration",
    "MissingLogin": "registration",
    "normalize_phone": "phones",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
