"""Admin screens of makers' rates and the minimum wage table.

*Makers' rates*: a ModelViewSet of its own, not a panel of the product page, so no page
revision, revert or schedule can change anyone's pay. Who sees what is decided by the
querysets (catalog.makers.selectors): a group's staff reach only the rates of the products
they may edit and choose only their own group's artisans; another group's rate is a 404.
*Minimum wages*: finance keeps the dated, sourced table (model permissions, given to the
Finance group by a migration). *Below the minimum wage*: a group's products whose makers earn
less an hour than the minimum wage of the group's province.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from catalog.makers.selectors import (
    artisans_for_user,
    maker_rates_for_user,
    products_below_minimum_wage,
)
from catalog.models import MakerRate, MinimumWage
from catalog.page_cache_tags import maker_rates_changed
from catalog.selectors import products_editable_by


def edits_any_product(user) -> bool:
    return bool(user.is_authenticated and user.is_active and products_editable_by(user).exists())


class MakerRatePermissionPolicy(BasePermissionPolicy):
    """Whoever may edit a product may set its makers' rates, and only those."""

    def user_has_permission(self, user, action):
        return action in ("add", "change", "delete", "view") and edits_any_product(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and maker_rates_for_user(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return MakerRate.objects.none()
        return maker_rates_for_user(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.none()


class MakerRateForm(WagtailAdminModelForm):
    """Products and artisans offered are the user's own group's; a forged id is refused."""

    class Meta:
        model = MakerRate
        fields = ["product", "artisan", "piece_rate", "hours_per_piece"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["product"].queryset = products_editable_by(user).order_by("title")
        self.fields["artisan"].queryset = artisans_for_user(user)
        self.fields["artisan"].label_from_instance = lambda artisan: artisan.full_name

    def clean(self):
        data = super().clean()
        product, artisan = data.get("product"), data.get("artisan")
        if product and artisan and product.producer_group_id != artisan.producer_group_id:
            raise ValidationError(
                {"artisan": _("Choose one of the artisans of the group that sells this product.")}
            )
        return data

    def save(self, commit=True):
        self.instance.updated_by = self.for_user
        return super().save(commit=commit)


def _rate_or_404(view, pk):
    try:
        return maker_rates_for_user(view.request.user).get(pk=pk)
    except (MakerRate.DoesNotExist, ValueError):
        raise Http404(gettext("No maker's rate of yours has this number.")) from None


class MakerRateIndexView(IndexView):
    def get_base_queryset(self):
        return maker_rates_for_user(self.request.user).order_by(
            "product__title", "artisan__full_name"
        )


class MakerRateEditView(EditView):
    def get_object(self, queryset=None):
        rate = _rate_or_404(self, unquote(str(self.kwargs[self.pk_url_kwarg])))
        self.product_id_before = rate.product_id
        return rate

    def save_instance(self):
        rate = super().save_instance()
        # A rate moved to another product leaves the first one's page too (the save's own
        # signal, catalog.apps, tells the product it now belongs to).
        maker_rates_changed(self.product_id_before)
        return rate


class MakerRateDeleteView(DeleteView):
    def get_object(self, queryset=None):
        return _rate_or_404(self, unquote(str(self.kwargs[self.pk_url_kwarg])))


class MakerRateViewSet(ModelViewSet):
    model = MakerRate
    icon = "user"
    menu_label = _("Makers' rates")
    menu_order = 305
    add_to_admin_menu = True
    form_fields = ["product", "artisan", "piece_rate", "hours_per_piece"]
    index_view_class = MakerRateIndexView
    add_view_class = CreateView
    edit_view_class = MakerRateEditView
    delete_view_class = MakerRateDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        Column("product", label=_("Product"), accessor="product", sort_key="product__title"),
        Column(
            "maker", label=_("Maker"), accessor="artisan.full_name", sort_key="artisan__full_name"
        ),
        "piece_rate",
        "hours_per_piece",
        Column("hourly_pay", label=_("Pay per hour (PKR)")),
        "updated_at",
    ]
    list_filter = ["product__producer_group"]
    search_fields = ["product__title", "artisan__full_name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return MakerRateForm


class MinimumWageViewSet(ModelViewSet):
    model = MinimumWage
    icon = "doc-full"
    menu_label = _("Minimum wages")
    menu_order = 325
    add_to_admin_menu = True
    form_fields = [
        "country",
        "province",
        "monthly_amount",
        "working_days_per_month",
        "hours_per_day",
        "effective_from",
        "source",
        "source_url",
        "is_example",
    ]
    list_display = [
        "country",
        "province",
        "monthly_amount",
        Column("hourly_amount", label=_("Per hour (PKR)")),
        "working_days_per_month",
        "hours_per_day",
        "effective_from",
        "source",
        "is_example",
    ]
    list_filter = ["country", "is_example"]
    copy_view_enabled = False
    inspect_view_enabled = False


def products_below_minimum(request):
    """The user's products whose makers earn less an hour than the minimum wage."""
    if not edits_any_product(request.user):
        raise Http404(gettext("You have no products."))
    return TemplateResponse(
        request,
        "catalog/admin/products_below_minimum.html",
        {
            "rows": products_below_minimum_wage(request.user),
            "page_title": gettext("Products paying below the minimum wage"),
            "header_icon": "warning",
        },
    )
