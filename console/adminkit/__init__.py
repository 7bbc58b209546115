"""What every Flask-Admin panel shares: the permission-gated base view that writes only through core,
value-aware enum filters, display formatters, keyset pagination, and the panel factory."""
