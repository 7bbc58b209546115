"""Payments and finance: checkout links, webhooks, refunds, credits, payouts, invoices, settlements."""
