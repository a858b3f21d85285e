"""Public newsletter views: sign up, confirm by the emailed link, unsubscribe by one link.

Their paths start with /newsletter-subscription/, which the page cache never serves
(marketplace.page_cache), so every click reaches its view.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.newsletter.subscriptions import (
    newsletter_confirm,
    newsletter_subscribe,
    newsletter_unsubscribe,
)
from marketplace.newsletter.tokens import confirm_token_subscriber, unsubscribe_token_subscriber


class NewsletterSignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    form = NewsletterSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        newsletter_subscribe(email=form.cleaned_data["email"], language=get_language())
        # The same answer whether or not the address was on the list already.
        return render(request, "newsletter/check_email.html")
    return render(request, "newsletter/signup.html", {"form": form})


@require_safe
def newsletter_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    subscriber_id = confirm_token_subscriber(token)
    confirmed = subscriber_id is not None and newsletter_confirm(subscriber_id=subscriber_id)
    return render(
        request,
        "newsletter/confirmed.html",
        {"confirmed": confirmed},
        status=200 if confirmed else 400,
    )


# POST: mail programs' one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed
# token is the authority, and unsubscribing is all it can do.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    subscriber_id = unsubscribe_token_subscriber(token)
    done = subscriber_id is not None and newsletter_unsubscribe(subscriber_id=subscriber_id)
    return render(
        request, "newsletter/unsubscribed.html", {"done": done}, status=200 if done else 400
    )
