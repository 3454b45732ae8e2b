"""Format-neutral rows and words that several formats show: the summary of a check, its phases,
the network health, the profile, an audit's and a plan's words. Not a format (``formats.py``
skips it)."""
