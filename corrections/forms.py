from django import forms

from .models import Correction


class CorrectionForm(forms.ModelForm):
    """A note's form, in the article's inline and on its own page."""

    class Meta:
        model = Correction
        fields = ["article", "date", "kind", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["date"].widget
        if hasattr(widget, "widgets"):
            # The admin's date and time boxes have text beside them but no <label> of their
            # own (axe: "form elements must have labels").
            date, time = widget.widgets
            date.attrs["aria-label"] = "Date of the note: date"
            time.attrs["aria-label"] = "Date of the note: time"
