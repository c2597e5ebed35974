#!/usr/bin/python3
"""Writes the byte-exact members of the malformed-submission corpus: binary, compressed, UTF-16 and CRLF files.

Run from anywhere with /usr/bin/python3 (standard library only); the outputs are committed, since CI does not run
Python. Every output is deterministic (fixed gzip mtime, fixed zip timestamps), so rerunning changes nothing.
The plain-text members of the corpus are written by hand; manifest.json says what each file must be rejected for.
"""

import gzip
import io
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# A valid submission for solution_binary.csv (ids 1..10); line N of the file is BASE[N-1], the header being line 1.
BASE = ["id,target", "1,0.15", "2,0.85", "3,0.7", "4,0.2", "5,0.3", "6,0.9", "7,0.05", "8,0.6", "9,0.4", "10,0.75"]


def lines_with(replacements, eol="\n"):
    """BASE with the given {line number: text} replaced, joined with eol and ending with eol."""
    rows = [replacements.get(i + 1, row) for i, row in enumerate(BASE)]
    return (eol.join(rows) + eol).encode("utf-8")


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buffer.getvalue()


def gzip_member(raw_deflate):
    """A gzip file around a raw deflate stream, with the trailer of the given content (CRC and size are not checked)."""
    header = b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x02\xff"
    return header + raw_deflate


def deflate_flushed(data):
    """Raw deflate of data ending in a full flush: byte-aligned and not final, so more blocks must follow."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)


def main():
    valid = lines_with({})

    # Not CSV at all: a PNG signature and IHDR chunk, full of NUL bytes.
    ihdr = struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    png += struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    write("binary_png.csv", png)

    # UTF-16, as Excel's "Unicode text" and PowerShell's Out-File write it.
    text = valid.decode("utf-8")
    write("utf16le_bom.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    write("utf16be_bom.csv", b"\xfe\xff" + text.encode("utf-16-be"))
    write("utf16le_nobom.csv", text.encode("utf-16-le"))

    # gzip whose content is a CSV with a bad value on line 4.
    write("gzip_bad_value.csv.gz", gz(lines_with({4: "3,abc"})))
    # gzip holding UTF-16: the sniffing must look at the decompressed bytes.
    write("gzip_utf16.csv.gz", gz(b"\xff\xfe" + text.encode("utf-16-le")))
    # gzip cut in the middle of its deflate data (a half-finished upload or download).
    whole = gz(valid)
    write("gzip_truncated.csv.gz", whole[: len(whole) // 2])
    # gzip whose deflate data is intact but whose trailer (CRC-32 and length of the content) does not match it.
    write("gzip_crc_mismatch.csv.gz", whole[:-8] + bytes(b ^ 0x5A for b in whole[-8:]))
    # gzip header followed by deflate data that is invalid from the first block (reserved block type 3).
    write("gzip_corrupt.csv.gz", gzip_member(b"\xff" * 64))
    # gzip whose first 20,000 decompressed bytes are fine (the valid rows, then blank lines, which are skipped), and
    # whose deflate data then turns invalid: the damage lies beyond the first buffer that the reader sniffs.
    late = deflate_flushed(valid + b"\n" * 20000) + b"\xff" * 64
    write("gzip_corrupt_late.csv.gz", gzip_member(late))
    # Same prefix, then the data simply stops (no final block, no trailer).
    write("gzip_truncated_late.csv.gz", gzip_member(deflate_flushed(valid + b"\n" * 20000)))
    # gzip that stops in the middle of the last row: "10,0.75" arrives as "10,0.7", which is still a valid row.
    write("gzip_truncated_mid_row.csv.gz", gzip_member(deflate_flushed(valid[:-2])))

    # Zips: two CSVs; one CSV with a bad row on line 7; nothing; one CSV plus macOS metadata; damaged.
    write("zip_two_csvs.zip", zipped([("submission.csv", valid), ("submission_old.csv", valid)]))
    write("zip_bad_row.zip", zipped([("submission.csv", lines_with({7: "6,oops"}))]))
    write("zip_empty.zip", zipped([]))
    write("zip_macosx_bad_row.zip", zipped([
        ("__MACOSX/", b""),
        ("__MACOSX/._submission.csv", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "),
        ("submission.csv", lines_with({3: "2"})),
    ]))
    write("zip_corrupt.zip", b"PK\x03\x04" + b"\x14\x00\x00\x00\x08\x00" + b"\xa5" * 40)
    # A whole zip cut in half: its central directory, at the end, is gone.
    whole_zip = zipped([("submission.csv", valid)])
    write("zip_truncated.zip", whole_zip[: len(whole_zip) // 2])
    # A stored (uncompressed) entry whose data was altered after its CRC was written: "0.75" became "0.76".
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        info = zipfile.ZipInfo("submission.csv", date_time=(2024, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        z.writestr(info, valid)
    altered = stored.getvalue()
    at = altered.index(b"10,0.75")
    write("zip_crc_mismatch.zip", altered[:at] + b"10,0.76" + altered[at + 7:])

    # Windows line endings: line numbers must still count physical lines.
    write("crlf_error_line5.csv", lines_with({5: "4,abc"}, eol="\r\n"))
    rows = BASE[:3] + ["", ""] + ["3,-"] + BASE[4:]
    write("crlf_blank_lines_error_line6.csv", ("\r\n".join(rows) + "\r\n").encode("utf-8"))
    # A quoted label spanning two physical lines (CRLF inside the quotes), then an empty label on physical line 6.
    write("crlf_embedded_newline_then_bad_row.csv",
          b"id,label\r\nr01,cat\r\nr02,\"dog\r\nbig\"\r\nr03,cat\r\nr04,\r\nr05,fox\r\nr06,dog\r\nr07,cat\r\nr08,fox\r\n")
    # Old Mac line endings (CR only): a bad value on line 4.
    write("cr_only_error_line4.csv", lines_with({4: "3,abc"}, eol="\r"))


if __name__ == "__main__":
    main()
