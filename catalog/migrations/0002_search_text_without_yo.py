from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    """Recompute every variant's search text with ё folded into е."""
    Variant = apps.get_model("catalog", "Variant")
    for variant in Variant.objects.select_related("product").iterator(chunk_size=500):
        parts = (variant.product.name, variant.name, variant.sku)
        text = " ".join(part for part in parts if part).lower().replace("ё", "е")
        if text != variant.search_text:
            Variant.objects.filter(pk=variant.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop)]
