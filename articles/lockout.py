"""The page shown when django-axes has locked a username and address out of the admin."""

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a readable 429 page that says how the lock ends."""
    cool_off = get_cool_off(request)
    now = timezone.now()
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "cool_off": timeuntil(now + cool_off, now) if cool_off else "",
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
