"""Speed machinery of the public pages; someone changing what a page shows can skip it.

| module | holds |
| --- | --- |
| ``store`` | the page cache: rendered pages in the shared cache and in each process's memory |
| ``keys`` | what a cached page and its ETag are named by (content, variant, release) |
| ``release`` | the release token, so a deploy never serves pages of the previous release |
| ``http`` | ETag / Last-Modified / 304 and Cache-Control of version pages |
| ``compression`` | gzip bodies, compressed once when a page is cached |
| ``matchings`` | the row matching of two published versions, computed once per pair (kept by fingerprints) |
| ``prepared`` | the current-version lookup compiled once per database connection |
| ``redis_backend`` | Django's Redis cache, made to survive a Redis outage as an empty cache |
"""
