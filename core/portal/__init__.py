"""The patient's own account: family members, and the DPDP Act rights (a copy of my data, erasure)."""
