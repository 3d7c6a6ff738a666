from django import forms
from django.urls import reverse
from django.utils.html import format_html

from .models import Image
from .validation import check_image


class ImageForm(forms.ModelForm):
    """The admin's upload form: the file is checked from its content, and a file already in
    the library is pointed to instead of stored twice."""

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "decorative", "caption", "credit", "source_url"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None or upload == self.instance.file:
            return upload  # unchanged on an edit
        checked = check_image(upload)
        duplicate = Image.objects.filter(sha256=checked.sha256).exclude(pk=self.instance.pk).first()
        if duplicate is not None:
            raise forms.ValidationError(
                format_html(
                    'This file is already in the library: <a href="{}">{}</a>.',
                    reverse("admin:images_image_change", args=[duplicate.pk]),
                    duplicate,
                ),
                code="duplicate",
            )
        self.checked = checked
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("decorative") and not cleaned.get("alt_text", "").strip():
            self.add_error(
                "alt_text",
                "Describe the picture for readers who cannot see it, or tick "
                "“decorative” if it adds nothing to the text.",
            )
        return cleaned

    def save(self, commit=True):
        image = super().save(commit=False)
        checked = getattr(self, "checked", None)
        if checked is not None:
            image.sha256 = checked.sha256
            image.format = checked.format
            image.width = checked.width
            image.height = checked.height
            image.file_size = checked.size
            image.original_name = self.cleaned_data["file"].name[:255]
        if commit:
            image.save()
        return image
