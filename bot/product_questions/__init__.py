"""Product questions answered from the marketers' short answers in data/answers/, matched by meaning."""
