"""Checking a pack before it is published: the review and approval gates, and the
readability of the patient pages."""
