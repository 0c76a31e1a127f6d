"""Schemathesis hooks for Stip's contract test.

`POST /v1/workspaces/import` takes a workspace archive (`application/x-tar`), which schemathesis has no
serializer for: it generates bytes (the schema says `format: binary`) and sends them as they are, so the
route is exercised with archives that are not archives.
"""

import schemathesis


@schemathesis.serializer("application/x-tar")
def tar_archive(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return str(value).encode("utf-8", "surrogatepass")
