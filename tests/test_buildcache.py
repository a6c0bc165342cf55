"""The build's caches forget what no build has used for two weeks (sitegen/buildcache.py)."""

from __future__ import annotations

import os
import time

from sitegen import buildcache
from sitegen.bundle.compression import precompress

OLD = time.time() - (buildcache.KEEP_DAYS + 1) * 24 * 3600


def _age(path, when=OLD):
    os.utime(path, (when, when))


def test_prune_removes_only_what_no_build_used_lately(tmp_path):
    stale_file, stale_folder, fresh = tmp_path / "a.br", tmp_path / "0123", tmp_path / "b.gz"
    stale_file.write_bytes(b"x")
    (stale_folder / "inner").mkdir(parents=True)
    (stale_folder / "inner" / "modules.json").write_text("{}")
    fresh.write_bytes(b"y")
    _age(stale_file)
    _age(stale_folder)
    assert buildcache.prune(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.gz"]
    assert buildcache.prune(tmp_path / "missing") == 0


def test_a_copy_a_build_uses_is_kept_however_old(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "compressed"
    site.mkdir()
    (site / "page.html").write_text("<p>Family Specialist</p>\n" * 200)
    assert precompress(site, cache=cache) == 2
    made = sorted(cache.iterdir())
    assert [p.suffix for p in made] == [".br", ".gz"]
    for path in made:
        _age(path)
    unused = cache / ("f" * 32 + ".br")  # a page that no longer exists
    unused.write_bytes(b"old")
    _age(unused)

    precompress(site, cache=cache)
    assert sorted(cache.iterdir()) == made, "the copies this build used must stay, the rest go"
    assert all(path.stat().st_mtime > OLD + 3600 for path in made)
