"""Where visitors chat from: the page, referrer and campaign of their first and latest visit."""
