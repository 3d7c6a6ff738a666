"""Indexes for import identity (digest; file name and date); body help text names tables."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_search_keys_and_tags'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='body',
            field=models.TextField(help_text='Separate paragraphs with a blank line. Links, emphasis, lists, headings, block quotes, images, tables and figures are kept; any other HTML is removed on save.'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['source_sha256'], name='article_source_sha256_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['source_file', 'published_at'], name='article_source_file_idx'),
        ),
    ]
