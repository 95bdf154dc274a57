"""The only writers of sales records: pipelines, the catalogue, deals and orders."""
