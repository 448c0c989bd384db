"""Panel forms: HTML field names and formats in, typed drafts out."""
