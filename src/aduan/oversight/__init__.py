"""Oversight's console (DESIGN §1): every report, deadline breaches, escalations, institution rankings,
investigation bundles and the access log of identity reveals and bundle downloads."""
