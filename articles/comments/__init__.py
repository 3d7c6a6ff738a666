"""Reader comments: the "Leave a Reply" form, threads, moderation, spam defence, emails."""
