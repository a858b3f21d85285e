from django import template

from marketplace.money import format_percent, format_pkr

register = template.Library()


@register.filter(name="pkr")
def pkr(amount, kind=""):
    """`{{ amount|pkr }}`; `{{ fee|pkr:"deduction" }}` shows a positive fee taken off a total."""
    if kind == "deduction" and amount is not None:
        return format_pkr(-amount)
    return format_pkr(amount)


@register.filter(name="percent")
def percent(rate):
    return format_percent(rate)
