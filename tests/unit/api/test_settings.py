from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import SettingsError, load_settings


class TestLoadSettings:
    def test_defaults(self) -> None:
        settings = load_settings({})
        assert (settings.host, settings.port, settings.neo4j_uri) == ("127.0.0.1", 8000, None)
        assert settings.uses_local_neo4j
        assert settings.effective_neo4j_uri == "bolt://127.0.0.1:7687"
        assert settings.local_neo4j.data_dir == Path("var") / "neo4j"
        assert not settings.writes_enabled

    def test_the_local_database_gets_a_generated_password_kept_private(self, tmp_path: Path) -> None:
        settings = load_settings({"ARGMAP_VAR_DIR": str(tmp_path)})
        user, password = settings.neo4j_auth
        assert user == "neo4j"
        assert len(password) >= 32
        assert load_settings({"ARGMAP_VAR_DIR": str(tmp_path)}).neo4j_auth == (user, password), "kept"
        assert (tmp_path / "neo4j" / "password").stat().st_mode & 0o777 == 0o600

    def test_external_neo4j(self) -> None:
        settings = load_settings(
            {
                "NEO4J_URI": "neo4j+s://cluster.example:7687",
                "NEO4J_USER": "reader",
                "NEO4J_PASSWORD": "pw",
                "NEO4J_DATABASE": "maps",
                "ARGMAP_PORT": "9000",
                "ARGMAP_API_TOKEN": "secret",
                "ARGMAP_VAR_DIR": "/srv/argmap",
                "ARGMAP_VERSION_TTL_MS": "250",
                "ARGMAP_SEARCH_ANSWERS": "0",
                "ARGMAP_GC_THRESHOLD": "20000",
            }
        )
        assert settings.effective_neo4j_uri == "neo4j+s://cluster.example:7687"
        assert settings.neo4j_auth == ("reader", "pw")
        assert settings.neo4j_database == "maps"
        assert settings.port == 9000
        assert settings.writes_enabled
        assert settings.var_path == Path("/srv/argmap")
        assert settings.version_ttl_ms == 250
        assert settings.search_answers == 0
        assert settings.gc_threshold == 20_000

    def test_empty_values_keep_defaults(self) -> None:
        assert load_settings({"ARGMAP_PORT": "", "NEO4J_URI": "  "}).port == 8000

    @pytest.mark.parametrize(
        ("variable", "value", "message"),
        [
            ("ARGMAP_PORT", "eighty", "ARGMAP_PORT='eighty' is not valid"),
            ("ARGMAP_PORT", "70000", "<= 65535"),
            ("ARGMAP_PORT", "0", ">= 1"),
            ("NEO4J_URI", "http://localhost:7474", "must start with one of bolt://"),
            ("ARGMAP_MAX_BODY_BYTES", "10", ">= 1024"),
            ("ARGMAP_LOG_LEVEL", "loud", "ARGMAP_LOG_LEVEL='loud' is not valid"),
            ("ARGMAP_VERSION_TTL_MS", "-5", ">= 0"),
            ("ARGMAP_SEARCH_ANSWERS", "-1", ">= 0"),
            ("ARGMAP_GC_THRESHOLD", "many", "ARGMAP_GC_THRESHOLD='many' is not valid"),
            ("ARGMAP_TRUSTED_PROXIES", "10.0.0.1, proxy.local", "'proxy.local' is not an address or network"),
        ],
    )
    def test_bad_values_name_the_variable(self, variable: str, value: str, message: str) -> None:
        with pytest.raises(SettingsError) as caught:
            load_settings({variable: value})
        assert message in str(caught.value)
        assert "\n" not in str(caught.value)
