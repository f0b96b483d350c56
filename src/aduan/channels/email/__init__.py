"""The e-mail channel: an SMTP receiver for reports and replies, a sender for notifications (docs/email.md)."""
