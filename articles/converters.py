"""URL converters for the date archives: only plausible dates reach a view."""


class YearConverter:
    # Four digits: a five-digit or thirty-digit year is no archive page and never reaches
    # datetime (which would overflow).
    regex = "[0-9]{4}"

    def to_python(self, value):
        # Kept as text: Django's date views parse it with their own formats.
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthDayConverter:
    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"
