"""Pages of the long lists (home, tag pages) without counting the whole list.

Django's Paginator counts every row to know how many pages there are. On the home page of
an archive of a million articles that count is the costliest query of the page, run for a
number nobody needs: readers go to the newer or the older page. This paginator reads one
row more than a page holds to know whether an older page exists, and never counts.

Pages deeper than MAX_PAGES are not served: OFFSET grows with the page number, and the
archive by date (linked from the last page) reaches every article at a fixed cost.
"""

import math

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

MAX_PAGES = 1000


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class UncountedPaginator(Paginator):
    """Newer and older pages; `count` is None, and the list is counted only for ?page=last."""

    count = None

    @cached_property
    def num_pages(self):
        # Only ListView's ?page=last asks: a rare request, answered with one count.
        rows = self.object_list.count()
        return min(MAX_PAGES, max(1, math.ceil(rows / self.per_page)))

    def validate_number(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > MAX_PAGES:
            raise EmptyPage("That page is beyond the last one served")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        has_next = len(rows) > self.per_page and number < MAX_PAGES
        return UncountedPage(rows[: self.per_page], number, self, has_next)
