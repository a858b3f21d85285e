"""Finance's cash-on-delivery reconciliation in the Wagtail admin: parcels awaiting their
courier's remittance, recording a remittance, and the remittances with flagged ones first."""
