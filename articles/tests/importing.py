"""Helpers for the import and export tests: run the commands, find the fixtures."""

import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Real inputs no one on this project wrote; present on the team's machines, not in the repo.
SAMPLES = settings.BASE_DIR.parent / "shared" / "samples"
SAMPLE_PAGE = SAMPLES / "google-invests-in-jd.txt"
SAMPLE_WXR = SAMPLES / "wordpress-theme-unit-test.wxr.xml"
SAMPLES_ABSENT = f"the shared samples are not in {SAMPLES} (../shared/samples)"


class Run:
    """The outcome of one command run: its output, and the error it ended with, if any."""

    def __init__(self, stdout, stderr, error):
        self.stdout = stdout
        self.stderr = stderr
        self.error = error
        self.output = stdout + stderr

    @property
    def failed(self):
        return self.error is not None


def run_command(name, *args, **options):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=stdout, stderr=stderr, **options)
        error = None
    except CommandError as exc:
        error = exc
    return Run(stdout.getvalue(), stderr.getvalue(), error)


def import_articles(*paths, **options):
    return run_command("import_articles", *[str(p) for p in paths], **options)


def write_file(folder, name, content):
    """A file in a temporary folder: text is written as UTF-8, bytes as they are."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def temporary_folder(test_case):
    return test_case.enterContext(tempfile.TemporaryDirectory())


def page(title="Steel output rises", date="05/04/2020", body=("Mills ran at full capacity.",)):
    """A small saved page in the source's layout."""
    parts = [title, "", date, ""]
    for paragraph in body:
        parts += [paragraph, ""]
    parts += ["Tags:", "", "Leave a Reply", ""]
    return "\n".join(parts)


def wxr_item(
    post_id,
    title="A post",
    date="2018-06-28 09:00:00",
    body="<p>Body.</p>",
    terms=(),
    creators=(),
):
    """One WordPress post; terms are (domain or None, name) pairs, creators author names."""
    categories = "".join(
        f'<category domain="{domain}"><![CDATA[{name}]]></category>'
        if domain is not None
        else f"<category><![CDATA[{name}]]></category>"
        for domain, name in terms
    )
    return (
        f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>{categories}"
        + "".join(f"<dc:creator><![CDATA[{name}]]></dc:creator>" for name in creators)
        + f"<content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
    )


def wxr(*items, site="https://news.example.com"):
    """A small WordPress export holding the given items."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
        f"<title>Test site</title>\n<wp:base_blog_url>{site}</wp:base_blog_url>\n"
        + "".join(items)
        + "</channel></rss>\n"
    )
