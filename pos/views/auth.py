"""Cashier login at /pos/ and the choice of terminal."""

from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from ..access import cashier_required, remember_terminal, remembered_terminal
from ..forms import CounterLoginForm
from ..models import Terminal


class CounterLoginView(LoginView):
    template_name = "pos/login.html"
    authentication_form = CounterLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("pos:terminals")


class CounterLogoutView(LogoutView):
    next_page = reverse_lazy("pos:login")


@cashier_required
def choose_terminal(request):
    """Open the session's terminal or the only active one, and list the terminals when there is no such one.

    ?choose=1 always shows the list, so a cashier can move to another terminal.
    """
    terminals = list(Terminal.objects.select_related("store").filter(is_active=True))
    if "choose" not in request.GET:
        terminal = remembered_terminal(request)
        if terminal is None and len(terminals) == 1:
            terminal = terminals[0]
        if terminal is not None:
            remember_terminal(request, terminal)
            return redirect("pos:sale", terminal_id=terminal.pk)
    return render(request, "pos/terminals.html", {"terminals": terminals})
