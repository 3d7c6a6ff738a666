"""Web captures: the original bytes of the pages the archive's articles were taken from."""
