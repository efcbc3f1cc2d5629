"""`python -m bot check`: catches content mistakes before they go live, in words a marketer can act on."""
