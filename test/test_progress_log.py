"""The bulk loader's progress file, as the next run of a load reads it: a torn line, the file of
another load or format, a header without its start time, and what a fresh file costs. In process."""

from __future__ import annotations

import json
import os
import stat
import zlib
from pathlib import Path
from typing import Any

import pytest

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator

OPTIONS: dict[str, Any] = {"part_bytes": 64, "poll_interval": 0.005}


def rows(count: int) -> list[dict[str, object]]:
    """Rows long enough for a part of 64 bytes to carry one each."""
    return [{"Name__c": name, "Year__c": 2000} for name in names_of(count)]


def names_of(count: int) -> list[str]:
    return [f"r{i}".ljust(40, ".") for i in range(count)]


def names(sim: ZuoraSimulator) -> list[str]:
    return sorted(str(record["Name__c"]).rstrip(".") for record in sim.records("vehicle"))


def load(api: zuora_sdk.CustomObjectJobsApi, progress: Path | None, **options: Any) -> zuora_sdk.LoadReport:
    return zuora_sdk.BulkLoader(api, "vehicle", progress_file=progress, **{**OPTIONS, **options}).load(rows(6))


def interrupted(api: zuora_sdk.CustomObjectJobsApi, progress: Path) -> None:
    def stop(event: zuora_sdk.LoadProgress) -> None:
        if event.parts_done >= 2 and " completed" in event.event:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(api, progress, on_progress=stop)


def entries(progress: Path) -> list[dict[str, Any]]:
    """Every line of the file, each checked as the format says: JSON, a space, its CRC-32 in hex."""
    found = []
    for line in progress.read_bytes().split(b"\n")[:-1]:
        text, _, check = line.rpartition(b" ")
        assert check == b"%08x" % zlib.crc32(text), line
        found.append(json.loads(text))
    assert progress.read_bytes().endswith(b"\n")
    return found


def with_checksum(entry: Any) -> bytes:
    text = json.dumps(entry, separators=(",", ":")).encode()
    return text + b" %08x" % zlib.crc32(text)


def rewrite_header(progress: Path, **changes: Any) -> None:
    lines = progress.read_bytes().split(b"\n")
    header = {**json.loads(lines[0].rpartition(b" ")[0]), **changes}
    header = {name: value for name, value in header.items() if value is not None}
    progress.write_bytes(b"\n".join([with_checksum(header), *lines[1:]]))


def test_a_torn_last_line_is_cut_off_so_that_later_runs_read_the_file_too(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    interrupted(api, progress)
    whole = progress.read_bytes()
    with progress.open("ab") as fh:
        fh.write(b'{"part":4,"state":"subm')  # a crash in the middle of a line
    report = load(api, progress)
    assert report.ok and report.resumed_parts >= 2 and names(sim) == [f"r{i}" for i in range(6)]
    assert progress.read_bytes().startswith(whole)  # the good lines are kept as they were
    assert entries(progress)[-1] == {"complete": True}  # and every line is whole again
    again = load(api, progress)  # a third run reads the file it left
    assert again.ok and names(sim) == [f"r{i}" for i in range(6)]


def test_a_bad_line_before_the_last_is_damage_not_a_torn_line(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    interrupted(api, progress)
    lines = progress.read_bytes().split(b"\n")  # the last item is empty: the file ends with a newline
    for wrong in (b"ffffffff", b"00000000"):  # a checksum above the right one, and below it
        lines[-3] = lines[-3].rpartition(b" ")[0] + b" " + wrong
        progress.write_bytes(b"\n".join(lines))
        with pytest.raises(zuora_sdk.ApiValueError, match=rf"damaged at line {len(lines) - 2} \(its checksum"):
            load(api, progress)
    lines[-3] = b'{"part":1} 1234567'  # a checksum one digit short
    progress.write_bytes(b"\n".join(lines))
    with pytest.raises(zuora_sdk.ApiValueError, match=rf"damaged at line {len(lines) - 2} \(its checksum"):
        load(api, progress)
    lines[-3] = b'{"part":1 ' + b"%08x" % zlib.crc32(b'{"part":1')  # its checksum is right, its JSON is not
    progress.write_bytes(b"\n".join(lines))
    with pytest.raises(zuora_sdk.ApiValueError, match=rf"damaged at line {len(lines) - 2} \(it is not JSON"):
        load(api, progress)
    assert not [job for job in sim.jobs.values() if job["status"] == "pending"]


def test_a_last_line_that_does_not_check_out_is_dropped_even_with_its_newline(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    interrupted(api, progress)
    with progress.open("ab") as fh:
        fh.write(b'{"part":4,"state":"submitting"} 00000000\n')
    assert load(api, progress).ok and names(sim) == [f"r{i}" for i in range(6)]
    assert entries(progress)[-1] == {"complete": True}


def test_a_long_files_torn_last_line_is_dropped_too(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    interrupted(api, progress)
    with progress.open("ab") as fh:  # lines of facts no run acts on, as a long load leaves many lines
        fh.write(b"".join(with_checksum({"seen": n}) + b"\n" for n in range(300)))
        fh.write(b'{"part":4,"state":"subm')
    assert load(api, progress).ok and names(sim) == [f"r{i}" for i in range(6)]


@pytest.mark.parametrize("first", [b"garbage\n", with_checksum({"part": 0, "state": "submitting"}) + b"\n"])
def test_a_file_that_does_not_start_with_a_loads_first_line_is_refused(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path, first: bytes
) -> None:
    progress = tmp_path / "load.progress"
    progress.write_bytes(first)
    with pytest.raises(zuora_sdk.ApiValueError, match="does not start with a load's first line"):
        load(api, progress)
    assert not sim.jobs


def test_a_header_without_its_final_newline_is_read(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    interrupted(api, progress)
    sim.reset()  # nothing of it on the server: only the header is kept, as if the load had just begun
    progress.write_bytes(progress.read_bytes().split(b"\n")[0])
    report = load(api, progress)
    assert report.ok and report.resumed_parts == 0 and names(sim) == [f"r{i}" for i in range(6)]


def test_the_file_of_another_load_or_format_is_refused(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    assert load(api, progress).ok
    stored = names(sim)
    with pytest.raises(zuora_sdk.ApiValueError, match="belongs to another load"):
        load(api, progress, part_bytes=128)
    rewrite_header(progress, format=2)  # the format this version writes, and reads back
    assert load(api, progress).ok
    for other in (1, 3):
        rewrite_header(progress, format=other)
        with pytest.raises(zuora_sdk.ApiValueError, match="belongs to another load"):
            load(api, progress)
    rewrite_header(progress, format=2, started=None)
    with pytest.raises(zuora_sdk.ApiValueError, match=r"damaged at line 1 \(no start time"):
        load(api, progress)
    rewrite_header(progress, started="yesterday")
    with pytest.raises(zuora_sdk.ApiValueError, match=r"damaged at line 1 \(no start time"):
        load(api, progress)
    assert names(sim) == stored


def test_a_blank_progress_file_is_refused_as_empty(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    progress = tmp_path / "load.progress"
    progress.write_bytes(b"\n \n")
    with pytest.raises(zuora_sdk.ApiValueError, match="is empty"):
        load(api, progress)
    assert not sim.jobs


def test_a_progress_file_that_cannot_be_made_says_why(api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match=r"cannot be used: No such file or directory\Z"):
        load(api, tmp_path / "missing" / "load.progress")


def test_a_fresh_progress_file_costs_no_look_at_earlier_jobs_and_a_reused_one_becomes_owner_only(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi, tmp_path: Path
) -> None:
    # A long path makes a long first line (its length is compared, as a number, with the file's).
    source = tmp_path.joinpath(*["a-long-directory-name"] * 12, "vehicles.csv")
    source.parent.mkdir(parents=True)
    source.write_text("Name__c,Year__c\n" + "".join(f"{name},2000\n" for name in names_of(6)))
    options = {**OPTIONS, "progress_file": None}
    assert zuora_sdk.BulkLoader(api, "vehicle", **options).load(source).ok
    without = sim.stats.requests
    sim.reset()
    progress = tmp_path / "load.progress"
    descriptors = sorted(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    assert zuora_sdk.BulkLoader(api, "vehicle", **{**options, "progress_file": progress}).load(source).ok
    # A file this run created holds nothing to check against the server's list of jobs.
    assert sim.stats.requests == without
    if descriptors is not None:  # none left open, none closed that was not the load's
        assert sorted(os.listdir("/proc/self/fd")) == descriptors
    header = entries(progress)[0]
    assert len(json.dumps(header)) > 300
    assert header["load"]["object"] == "vehicle" and header["format"] == 2
    progress.chmod(0o644)  # as an earlier version may have left it
    zuora_sdk.BulkLoader(api, "vehicle", **{**options, "progress_file": progress}).load(source)
    assert stat.S_IMODE(progress.stat().st_mode) == 0o600
