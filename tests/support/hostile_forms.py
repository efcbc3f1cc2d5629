"""Hostile form bodies shared by the suites that post to the web app."""

# Form bodies that cannot be read as a form: another encoding, an unknown charset, a truncated multipart.
UNREADABLE_FORMS = [
    (b"email=\xff\xfe&password=x", "application/x-www-form-urlencoded"),
    (b"email=a&password=b", "application/x-www-form-urlencoded; charset=no-such-charset"),
    (b'--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nri', "multipart/form-data; boundary=b"),
    (b"email=a", "multipart/form-data"),
]
