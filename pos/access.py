"""Who may use the counter screens, and which terminal a session sells at."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render

from .models import Terminal

# Staff outside this group (and not is_staff) cannot open the counter screens.
CASHIERS_GROUP = "Кассиры"
SESSION_TERMINAL_KEY = "pos_terminal_id"


def is_cashier(user) -> bool:
    """Return whether the user may sell at the counter: staff or a member of «Кассиры»."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.groups.filter(name=CASHIERS_GROUP).exists()


def cashier_required(view):
    """Send anonymous users to the counter login and answer 403 to users who are not cashiers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "pos:login")
        if not is_cashier(request.user):
            return render(request, "pos/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def active_terminal(terminal_id: int) -> Terminal:
    """Return an active terminal with its store and location, or raise Http404."""
    queryset = Terminal.objects.select_related("store", "location").filter(is_active=True)
    return get_object_or_404(queryset, pk=terminal_id)


def remember_terminal(request, terminal: Terminal) -> None:
    request.session[SESSION_TERMINAL_KEY] = terminal.pk


def remembered_terminal(request) -> Terminal | None:
    """Return the terminal this session last sold at, if it is still active."""
    terminal_id = request.session.get(SESSION_TERMINAL_KEY)
    if terminal_id is None:
        return None
    return Terminal.objects.filter(pk=terminal_id, is_active=True).first()
