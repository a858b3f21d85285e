"""The 'Variants and stock' admin screen of a product.

Variants are kept out of page revisions (see catalog.models.products), so they get their own
screen, reached in one click from the product's edit form (catalog.admin_panels) and listing.
Access is decided by the queryset: a product the user cannot edit is a 404. Stock is saved
as a change of what the screen showed (catalog.services.variants_save), and the product's
recent stock history is shown under the form.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from catalog.forms import NEW_VARIANT_ROWS, VariantFormSet
from catalog.models import ProductPage
from catalog.selectors import products_editable_by, stock_movements_of_product
from catalog.services import StockEditError, StockMerge, sku_generate, variants_save

PREFIX = "variants"


def product_variants(request, product_id: int):
    try:
        product = products_editable_by(request.user).get(pk=product_id)
    except ProductPage.DoesNotExist:
        raise Http404(_("No product of yours has this number.")) from None

    queryset = product.variants.all()
    if request.method == "POST":
        formset = VariantFormSet(request.POST, queryset=queryset, prefix=PREFIX)
        if formset.is_valid():
            edits = [edit for form in formset.forms if (edit := form.variant_edit())]
            try:
                merges = variants_save(product=product, edits=edits, by=request.user)
            except StockEditError as error:
                formset = _formset_refreshed(request.POST, queryset, error)
            except IntegrityError:
                # Two people saved the same new SKU at the same moment; nothing was saved.
                formset.is_valid()
                formset.non_form_errors().append(
                    _("Another variant took one of these SKUs just now. Save again.")
                )
            else:
                messages.success(request, _("Variants and stock saved."))
                for merge in merges:
                    messages.warning(request, _merge_message(merge))
                return redirect("catalog_product_variants", product_id=product.pk)
        messages.error(request, _("The variants could not be saved: see the errors below."))
    else:
        formset = VariantFormSet(queryset=queryset, prefix=PREFIX)

    return TemplateResponse(
        request,
        "catalog/admin/product_variants.html",
        {
            "product": product,
            "formset": formset,
            "movements": stock_movements_of_product(product=product),
            "page_title": _("Variants and stock"),
            "header_icon": "list-ul",
            "sku_example": sku_generate(product=product),
            "new_rows": NEW_VARIANT_ROWS,
        },
    )


def _formset_refreshed(data, queryset, error: StockEditError):
    """The submitted screen again, the refused row now based on the current stock, so that
    saving again applies the entered stock to what there is now."""
    data = data.copy()
    for key, value in list(data.items()):
        if key.startswith(f"{PREFIX}-") and key.endswith("-id") and value == str(error.variant_id):
            data[key.removesuffix("-id") + "-stock_shown"] = str(error.stock_now)
    formset = VariantFormSet(data, queryset=queryset, prefix=PREFIX)
    formset.is_valid()
    for form in formset.forms:
        if form.instance.pk == error.variant_id:
            form.add_error("stock", str(error))
    return formset


def _merge_message(merge: StockMerge) -> str:
    return _(
        "%(variant)s: stock changed while you were editing (from %(shown)s to %(found)s, by "
        "sales or orders). Your change of %(delta)+d was applied to it: now %(after)s."
    ) % {
        "variant": str(merge.variant),
        "shown": merge.shown,
        "found": merge.found,
        "delta": merge.delta,
        "after": merge.after,
    }
