"""The rest of the registry: fields that look personal but are not (each with its reason), and
the personal data other open issues will add (listed in the README, not yet in the code)."""

# Fields whose names look personal but are not, with the reason (the coverage test needs one).
NOT_PERSONAL: dict[str, str] = {
    "orders.MakerPayment.batch_token": "the token of one submission of the makers' pay screen",
    "auth.Group.name": "a group of staff",
    "auth.Permission.name": "a permission",
    "auth.Permission.codename": "a permission",
    "wagtailcore.Site.hostname": "the site's host",
    "wagtailembeds.Embed.provider_name": "public oEmbed data of an embedded item",
    "taggit.Tag.name": "a tag",
    "wagtailcore.Collection.name": "an image collection",
    "wagtailcore.Site.site_name": "the site",
    "wagtailcore.Task.name": "a workflow task",
    "wagtailcore.Workflow.name": "a workflow",
    "wagtailcore.APIToken.name": "a label for an API key",
    "catalog.CraftCategory.name": "a craft",
    "catalog.CraftCategory.name_ur": "a craft",
    "catalog.Technique.name": "a technique",
    "catalog.Technique.name_ur": "a technique",
    "orders.SubOrder.producer_group_name": "an organisation",
    "events.MelaPage.organiser_name": "an organisation, published",
    "events.MelaPage.venue_name": "a public venue",
    "events.MelaPage.venue_address": "a public venue",
    "orders.LedgerEntry.note": "the platform's note on an entry (order numbers, not people)",
    "orders.StatusChange.note": "staff's note on a status change",
    "orders.CourierRemittance.note": "finance's note on a courier's remittance",
    "orders.CourierRemittance.resolution_note": "finance's note on a remittance",
    "catalog.TermsChange.note": "finance's note; account numbers are masked in the history",
    "events.StallSale.idempotency_token": "random, against double submits",
    "marketplace.ExportJob.export_name": "which registered export (marketplace.exports)",
    "marketplace.ExportJob.file": (
        "a long export's CSV, served only to whoever asked; the registered exports (sales by "
        "order line, all makers' earnings) hold orders, products, groups and artisan ids, no "
        "buyer's or maker's name or contact: an export that does must be classified here"
    ),
    "wagtailembeds.Embed.author_name": "public oEmbed data of an embedded item",
    "wagtailimages.Image.file": "media library: a person's photo is classified where it is "
    "used (catalog.ArtisanPage.photo); metadata is stripped on upload",
    "wagtailimages.Rendition.file": "renditions of the media library (see Image.file)",
    "wagtaildocs.Document.file": "public documents",
    "marketplace.ResourceFile.document": "a published guide or text in the resources section",
    "wagtailcore.UploadedFile.file": "a file being uploaded into the media library",
    "catalog.NetworkApplication.name": "an organisation applying to join",
    "trade.TradeQuote.note": "the producer group's note on its quote, written for the buyer",
}

# Personal data that other open issues add, listed so that their rows are written when they land
# (none open now: trade buyers and makers' pay have their rows).
PLANNED: tuple[tuple[str, str, str], ...] = ()
