"""The admin panel's operations pages (issue 11): slot imports and API tokens, booking overrides, the
refund approval queue and the payment problem queues. Each page is a PanelPage writing through core."""
