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
    "ProfileExists": "registration",
    "invite_customer": "invitations",
    "invited_customer": "invitations",
    "accept_invitation": "invitations",
    "normalize_phone": "phones",
    "bonus_balance": "bonuses",
    "held_bonus_balance": "bonuses",
    "earn_bonuses": "bonuses",
    "hold_bonuses": "bonuses",
    "redeem_bonuses": "bonuses",
    "release_due_bonuses": "bonuses",
    "expire_bonuses": "bonuses",
    "claw_back_bonuses": "bonuses",
    "BonusLedgerError": "bonuses",
    "InvalidBonusAmount": "bonuses",
    "InsufficientBonuses": "bonuses",
    "find_customers": "lookup",
    "customer_token": "lookup",
    "customer_by_token": "lookup",
    "customer_by_card": "lookup",
    "customer_qr_svg": "qr",
    "create_customer": "profiles",
    "update_profile_notes": "profiles",
    "bonus_history": "profiles",
    "CustomerExists": "profiles",
}

__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
