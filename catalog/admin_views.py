"""The 'Variants and stock' admin screen of a product.

Variants are kept out of page revisions (see catalog.models.products), so they get their own
screen. Access is decided by the queryset: a product the user cannot edit is a 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from catalog.forms import VariantFormSet
from catalog.models import ProductPage
from catalog.selectors import products_editable_by
from catalog.services import variants_save


def product_variants(request, product_id: int):
    try:
        product = products_editable_by(request.user).get(pk=product_id)
    except ProductPage.DoesNotExist:
        raise Http404(_("No product of yours has this number.")) from None

    queryset = product.variants.all()
    if request.method == "POST":
        formset = VariantFormSet(request.POST, queryset=queryset, prefix="variants")
        if formset.is_valid():
            for form in formset.forms:
                form.instance.product = product
            variants_save(formset=formset)
            messages.success(request, _("Variants and stock saved."))
            return redirect("catalog_product_variants", product_id=product.pk)
        messages.error(request, _("The variants could not be saved: see the errors below."))
    else:
        formset = VariantFormSet(queryset=queryset, prefix="variants")

    return TemplateResponse(
        request,
        "catalog/admin/product_variants.html",
        {"product": product, "formset": formset, "page_title": _("Variants and stock")},
    )
