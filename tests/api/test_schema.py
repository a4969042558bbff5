"""The OpenAPI schema (/api/schema/) and the browsable reference (/api/docs/), served from our static files."""

import re

import pytest
import yaml

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("/api/v1/services/", "get"),
    ("/api/v1/services/{slug}/", "get"),
    ("/api/v1/services/{slug}/versions/", "get"),
    ("/api/v1/services/{slug}/versions/{number}/", "get"),
    ("/api/v1/services/{slug}/as-of/{day}/", "get"),
    ("/api/v1/services/{slug}/diff/{a}/{b}/", "get"),
    ("/api/v1/services/{slug}/diff/{a}/current/", "get"),
    ("/api/v1/services/{slug}/draft/import", "post"),
    ("/api/v1/services/{slug}/draft/publish", "post"),
}


def _schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_names_every_operation_with_its_bodies_and_errors(client):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    found = {(path, method) for path, operations in schema["paths"].items() for method in operations}
    assert found == OPERATIONS
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            success = responses.get("200") or responses.get("201")
            assert success["content"]["application/json"]["schema"], (path, method)
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Error"
                    }, (path, method, code)
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    version = schema["components"]["schemas"]["VersionDocument"]
    assert set(version["required"]) >= {"parties", "sections", "fingerprint"}


def test_the_schema_is_yaml_by_default(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "RACI Registry API"


def test_the_reference_page_loads_everything_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    for source in sources:
        assert source.startswith("/"), source  # no third-party host
        assert not source.startswith("//"), source
    # No inline script: each <script> has a src, the page's own set-up included.
    assert html.count("<script") == html.count("<script src=")
    setup = next(s for s in sources if "script" in s and "static" not in s)
    script = client.get(setup.replace("&amp;", "&"))
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]
    assert "/api/schema/" in script.content.decode()
    for asset in (s for s in sources if s.startswith("/static/")):
        assert client.get(asset).status_code == 200, asset
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    # Swagger UI's icons are data: images: allowed on this page only.
    assert "img-src 'self' data:" in csp
    assert "data:" not in client.get("/api/v1/services/")["Content-Security-Policy"]
