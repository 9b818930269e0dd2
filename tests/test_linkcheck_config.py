"""conf/data/linkcheck.toml against its JSON Schema: each mistake is refused at its line, with
what is wrong and how to fix it."""

from __future__ import annotations

import pytest
from kb.links import config
from kb.problems import ProblemError

HOSTS = "[hosts.default]\nconcurrency = 1\n"

MISTAKES = {
    "no default host": ('[hosts."github.com"]\nconcurrency = 1\n', 1, "no [hosts.default] table"),
    "no concurrency": (
        "[hosts.default]\nconcurrency = 0\n",
        2,
        "'hosts' 'default' 'concurrency': a host needs a concurrency of at least 1",
    ),
    "negative timeout": (
        HOSTS + "[external]\ntimeout = -1\n",
        4,
        "'external' 'timeout' must be a number of 0 or more, not -1; write seconds",
    ),
    "misspelt key": (
        HOSTS + "[external]\nretires = 2\n",
        4,
        "unknown key 'retires'; did you mean 'retries'?",
    ),
    "broken regular expression": (
        HOSTS + "[[ignore]]\npattern = 'https://(x'\nreason = 'r'\n",
        4,
        "'https://(x' is not a regular expression (missing ), unterminated subpattern",
    ),
    "empty reason": (
        HOSTS + "[[anchors]]\nhost = 'a.org'\nreason = ' '\n",
        5,
        "'anchors' item 1 'reason' is empty; write a sentence",
    ),
    "not TOML": (HOSTS + "[external\n", 3, "not valid TOML"),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_is_refused_at_its_line(tmp_path, name):
    text, line, words = MISTAKES[name]
    path = tmp_path / "linkcheck.toml"
    path.write_text(text)
    with pytest.raises(ProblemError) as raised:
        config.load(path)
    assert (raised.value.line, str(raised.value.path)) == (line, str(path))
    assert words in raised.value.message


def test_the_defaults_fill_what_the_file_leaves_out(tmp_path):
    path = tmp_path / "linkcheck.toml"
    path.write_text(HOSTS + "[external]\nworkers = 0\ncache_max_age = '12h'\n")
    settings = config.load(path)
    assert (settings.workers, settings.cache_max_age, settings.timeout) == (1, 43200, 15.0)
    assert settings.limits("example.org") == config.HostLimits(1, 0.0)
    assert settings.skip_dirs == ("_static", "_sources")
