"""Producer groups' contact phones were stored as typed ("+92 300 1234567", "0300-1234567");
SMS is sent to them, so they are stored in E.164 now (+923001234567), like buyers' numbers.
A stored value that is not a valid number is left as it is (the editor shows the error)."""

from django.core.exceptions import ValidationError
from django.db import migrations


def contact_phones_to_e164(apps, schema_editor):
    from marketplace.local_input import phone_normalise

    ProducerGroupPage = apps.get_model("catalog", "ProducerGroupPage")
    for group in ProducerGroupPage.objects.exclude(contact_phone="").only("pk", "contact_phone"):
        try:
            number = phone_normalise(group.contact_phone)
        except ValidationError:
            continue
        if number != group.contact_phone:
            ProducerGroupPage.objects.filter(pk=group.pk).update(contact_phone=number)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_stock_movement"),
    ]

    operations = [
        migrations.RunPython(contact_phones_to_e164, migrations.RunPython.noop),
    ]
