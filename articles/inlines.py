"""Inline formsets on the article's change form that a POST may leave out."""

from django.forms.models import BaseInlineFormSet


class OptionalInlineFormSet(BaseInlineFormSet):
    """An inline whose management data a POST may omit: the rows are then left as they are.

    The change form always sends it; a script, or a form made before the inline existed,
    saving the article's own fields, does not, and Django would refuse the whole save. With
    no forms sent, no row is changed, added or deleted.
    """

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        name = prefix or self.get_default_prefix()
        if data is not None and f"{name}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)
