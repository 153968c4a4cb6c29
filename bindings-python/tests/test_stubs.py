"""The committed stubs match the native module (mypy.stubtest), the examples type-check
against them, and every public class and method has a docstring."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import tally

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=HERE,
    )


def test_stubs_match_the_module():
    done = mypy("mypy.stubtest", "tally", "--allowlist", str(HERE / "stubtest_allowlist.txt"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_examples_type_check_against_the_stubs():
    examples = ROOT / "examples" / "python"
    done = mypy(
        "mypy",
        "--strict",
        "--no-incremental",
        "--ignore-missing-imports",
        "--allow-any-generics",
        str(examples / "sample.py"),
        str(examples / "quickstart.py"),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_public_class_and_method_has_a_docstring():
    missing = []
    for name in tally.__all__:
        obj = getattr(tally, name)
        if not inspect.isclass(obj):
            continue
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if obj.__module__ != "tally" or issubclass(obj, BaseException):
            continue
        for attr, member in vars(obj).items():
            if attr.startswith("_") or not (callable(member) or inspect.isdatadescriptor(member)):
                continue
            if not (getattr(member, "__doc__", None) or "").strip():
                missing.append(f"{name}.{attr}")
    assert missing == []
