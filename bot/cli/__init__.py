"""`python -m bot`: the operator's and marketer's command line."""
