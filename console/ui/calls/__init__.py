"""The telephone in the window: the link run in-process (phone_link), the caller card shown on a ring
(caller_card), and the seat's link settings (link_settings)."""
