"""Investigation bundles: a verifiable ZIP of reports, their events, hash chains, attachments and summaries."""
