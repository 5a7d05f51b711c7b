"""The smallest Litestar app serving the same bytes as argmap: the yardstick of the edge benchmark.

``uvicorn bench.reference_app:app`` with the same options ``argmap serve`` uses. It answers
``GET /maps/{map_id}/tree`` with the bytes in ``BENCH_REFERENCE_BODY`` (the file holding what argmap
answered for the essay's tree) and its ``ETag``, and every other path with Litestar's own 404: what the
framework costs with nothing of ours in the way.
"""

from __future__ import annotations

import os
from pathlib import Path

from litestar import Litestar, Response, get

_BODY = Path(os.environ.get("BENCH_REFERENCE_BODY", "/dev/null")).read_bytes()
_TAG = os.environ.get("BENCH_REFERENCE_ETAG", '"reference"')


@get("/maps/{map_id:str}/tree", media_type="application/json")
async def tree(map_id: str) -> Response[bytes]:
    """The kept body, as argmap serves a cached tree."""
    del map_id
    return Response(_BODY, media_type="application/json", headers={"ETag": _TAG, "Cache-Control": "no-cache"})


app = Litestar([tree], openapi_config=None)
