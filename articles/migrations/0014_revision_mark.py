"""Marks the article revisions that record authors and corrections (articles.revisionmarks)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_article_lead_image'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.CreateModel(
            name='RevisionMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('revision', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='article_mark', to='reversion.revision')),
            ],
            options={
                'verbose_name': 'revision with authors and corrections',
                'verbose_name_plural': 'revisions with authors and corrections',
            },
        ),
    ]
