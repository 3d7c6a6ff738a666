"""Export the archive as a WordPress WXR file, so that it can move back to WordPress."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.exporters.wxr import WxrWriter
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write the articles, their tags and their approved and pending comments (with "
        "threading) as a WordPress WXR 1.2 file, which WordPress's importer accepts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", default="-", help="The file to write (default: standard output)."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The archive's address, for the posts' links (default: https:// and the "
            "first of ALLOWED_HOSTS; required when ALLOWED_HOSTS names no host).",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Leave out drafts and scheduled articles.",
        )
        parser.add_argument(
            "--include-emails",
            action="store_true",
            help="Write commenters' email addresses (personal data: left out by default).",
        )
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="Copy the original files of the lead images and of the pictures in bodies "
            "here, laid out as WordPress's wp-content/uploads folder (import them back with "
            "import_articles --media-dir).",
        )
        parser.add_argument(
            "--captures-dir",
            metavar="DIR",
            help="Write the original bytes of the web captures articles were imported from "
            "here, one gzip file each, named by SHA-256 (import them back with import_articles "
            "--captures-dir). Without it only the captures' provenance is exported.",
        )
        parser.add_argument(
            "--include-ip-addresses",
            action="store_true",
            help="Write commenters' IP addresses (personal data: left out by default).",
        )

    def handle(self, *args, **options):
        base_url = options["base_url"] or self.default_base_url()
        if base_url is None:
            # A made-up address would be written into every link of the file.
            raise CommandError(
                "ALLOWED_HOSTS names no host to build the links from: give the archive's "
                "address with --base-url (for example --base-url https://news.example.com)."
            )
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must be an http(s) address, not “{base_url}”.")
        articles = Article.objects.all()
        if options["published_only"]:
            articles = Article.objects.published()
        try:
            out = (
                sys.stdout
                if options["output"] == "-"
                else open(options["output"], "w", encoding="utf-8")  # noqa: SIM115
            )
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}") from None
        writer = WxrWriter(
            out,
            site_name=settings.SITE_NAME,
            base_url=base_url,
            include_emails=options["include_emails"],
            include_ip_addresses=options["include_ip_addresses"],
            media_dir=options["media_dir"],
            captures_dir=options["captures_dir"],
        )
        try:
            writer.write(articles)
        finally:
            if out is not sys.stdout:
                out.close()
        counts = writer.counts
        # The report goes to stderr: stdout may be the export itself.
        self.stderr.write(
            f"Exported {counts['articles']} articles, {counts['tags']} tags and "
            f"{counts['comments']} comments"
            + ("" if options["output"] == "-" else f" to {options['output']}")
            + (" (with commenters' email addresses)." if options["include_emails"] else ".")
        )
        if counts["images"]:
            where = (
                f"their files copied to {options['media_dir']}"
                if options["media_dir"]
                else "without their files (use --media-dir)"
            )
            self.stderr.write(
                f"{counts['images']} library images (lead images and pictures in bodies) "
                f"as attachments, {where}."
            )
        if counts["captures"]:
            where = (
                f"{counts['capture files']} new files of their bytes in {options['captures_dir']}"
                if options["captures_dir"]
                else "without their bytes (use --captures-dir)"
            )
            self.stderr.write(f"{counts['captures']} original captures' provenance, {where}.")

    @staticmethod
    def default_base_url():
        """https:// and the first host ALLOWED_HOSTS names; None when it names none."""
        hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
        return f"https://{hosts[0]}" if hosts else None
