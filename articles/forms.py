from .comments.forms import CommentForm

__all__ = ["CommentForm"]
